// The Designsystemet behaviour our templates use, bundled by `make install` into build/static/bundle/site.js.
// Not the whole package: its index registers every web component and polyfill (tabs, pagination, tooltips,
// popovers, dialogs…), which no page of ours has. Add a module here when a template starts using one.
import "@digdir/designsystemet-web/ds-error-summary"; // <ds-error-summary>: focus on load, named by its heading
import "@digdir/designsystemet-web/fieldset"; // a fieldset's legend and description name its group
import "@digdir/designsystemet-web/readonly"; // readonly selects, checkboxes and radios cannot be changed
import "@digdir/designsystemet-web/details"; // <details>: opens for find-in-page where the browser lacks it
