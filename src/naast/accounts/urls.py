from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("login/code/", views.verify, name="verify"),
    path("account/two-step/", views.two_factor, name="two_factor"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/changed/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
