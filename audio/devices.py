"""Which audio devices exist; imported lazily because PortAudio scans devices at import."""

from __future__ import annotations


class AudioDeviceError(RuntimeError):
    """No usable device, or a device that went away; the message is for the user."""


def _sounddevice():
    try:
        import sounddevice
    except OSError as error:  # libportaudio2 missing
        raise AudioDeviceError(
            f"PortAudio is not available ({error}); install it: sudo apt-get install libportaudio2"
        ) from error
    return sounddevice


def has_device(kind: str, device: int | str | None = None) -> bool:
    """True when an ``kind`` ("input" or "output") device exists (the default one if ``device`` is None)."""
    try:
        sd = _sounddevice()
        info = sd.query_devices(device, kind=kind)
    except (AudioDeviceError, ValueError, Exception):  # noqa: BLE001 - PortAudioError is not exported portably
        return False
    return info.get(f"max_{kind}_channels", 0) > 0


def sounddevice_module():
    """The sounddevice module, or an ``AudioDeviceError`` that says what to install."""
    return _sounddevice()
