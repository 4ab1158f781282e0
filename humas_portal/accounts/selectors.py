from django.contrib.auth.models import AbstractBaseUser
from django_otp import user_has_device


def otp_device_exists(*, user: AbstractBaseUser) -> bool:
    """Whether the user has a confirmed second factor (authenticator or backup codes)."""
    return user_has_device(user, confirmed=True)
