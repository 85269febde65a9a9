from django.shortcuts import render


def home(request):
    return render(request, "gnist/home.html", {})


def about(request):
    return render(request, "gnist/about.html", {})


def accessibility(request):
    return render(request, "gnist/accessibility.html", {})


def privacy(request):
    return render(request, "gnist/privacy.html", {})
