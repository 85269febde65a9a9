// The Designsystemet behaviour our templates use, bundled by `make install` into build/static/bundle/site.js.
// Not the whole package: its index registers every web component and polyfill (tabs, pagination, tooltips,
// popovers, dialogs…), which no page of ours has. Add a module here when a template starts using one.
import "@digdir/designsystemet-web/ds-error-summary"; // <ds-error-summary>: focus on load, named by its heading
import "@digdir/designsystemet-web/fieldset"; // a fieldset's legend and description name its group
import "@digdir/designsystemet-web/readonly"; // readonly selects, checkboxes and radios cannot be changed
import "@digdir/designsystemet-web/details"; // <details>: opens for find-in-page where the browser lacks it

// After an action a page opens at its messages (base.html): move the focus there, so that a phone scrolls
// them into view and a screen reader reads them (WCAG 4.1.3). Not when a form's error summary takes the focus,
// nor when the address names a place further down (the questions after signing in to ask): the person chose it.
// `#main` is the skip link's, which a form's redirect keeps; the messages are at its top.
const messages = document.querySelector("[data-focus-on-load]");
const place = location.hash && location.hash !== "#main";
if (messages && !place && !document.querySelector("ds-error-summary")) {
  messages.focus({ preventScroll: true });
  // Below a phone's tall header the focus alone would scroll it just in, at the bottom edge: show it at the top.
  const box = messages.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) {
    messages.scrollIntoView({ block: "start" });
  }
}
