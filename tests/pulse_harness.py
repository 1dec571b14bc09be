"""A private PulseAudio daemon with a fake speaker and a fake microphone, for real-audio tests.

Topology (all virtual, nothing touches real hardware or any other PulseAudio):

    paplay --device=rt_mic_feed  ->  [null sink rt_mic_feed]
                                        rt_mic_feed.monitor -> [remap source rt_mic]  (default source: "the mic")
    app output (default sink)    ->  [null sink rt_speaker]
                                        rt_speaker.monitor  -> parecord                (what "the speaker" played)

A child process started with ``harness.env`` talks only to this daemon, both through
libpulse directly and through PortAudio -> ALSA "default" -> the ALSA pulse plugin.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

SPEAKER_SINK = "rt_speaker"
MIC_FEED_SINK = "rt_mic_feed"
MIC_SOURCE = "rt_mic"

_PR_SET_PDEATHSIG = 1


class PulseHarnessError(RuntimeError):
    """The private PulseAudio daemon could not be started or driven."""


def pulseaudio_is_installed() -> bool:
    """True when the daemon and the client tools the harness needs are on PATH."""
    return all(shutil.which(tool) for tool in ("pulseaudio", "pactl", "paplay", "parecord"))


def _die_with_parent() -> None:
    """preexec_fn: have the kernel SIGTERM the child if the test process dies abruptly."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


class PulseHarness:
    """Starts, drives and stops one private PulseAudio daemon in its own temp directory."""

    def __init__(self, start_timeout_s: float = 10.0) -> None:
        self.start_timeout_s = start_timeout_s
        self.tmp_dir: Path | None = None
        self.env: dict[str, str] = {}
        self._daemon: subprocess.Popen | None = None
        self._recorder: subprocess.Popen | None = None
        self._recording_path: Path | None = None
        self._latency_keepers: list[subprocess.Popen] = []

    # ----------------------------------------------------------------- lifecycle
    def start(self) -> "PulseHarness":
        """Start the daemon and return once ``pactl info`` answers; raise with its stderr if not."""
        if self._daemon is not None:
            raise PulseHarnessError("PulseHarness already started")
        self.tmp_dir = Path(tempfile.mkdtemp(prefix="realtalk-pulse-"))
        atexit.register(self.stop)
        try:
            self._write_config_files()
            self.env = self._client_env()
            self._launch_daemon()
            self._wait_until_answering()
            self._start_latency_keepers()
            self._start_mic_noise_floor()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop any recording and the daemon, and delete the temp directory. Safe to call twice."""
        self._stop_process(self._recorder, signal.SIGINT)
        self._recorder = None
        for keeper in self._latency_keepers:
            self._stop_process(keeper, signal.SIGTERM)
        self._latency_keepers = []
        self._stop_process(self._daemon, signal.SIGTERM)
        self._daemon = None
        if self.tmp_dir is not None:
            shutil.rmtree(self.tmp_dir, ignore_errors=True)
            self.tmp_dir = None
        atexit.unregister(self.stop)

    def __enter__(self) -> "PulseHarness":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def daemon_pid(self) -> int | None:
        """Process id of the running daemon, or None."""
        return self._daemon.pid if self._daemon is not None else None

    # ------------------------------------------------------------------ actions
    def play_into_mic(self, wav_path: str | os.PathLike) -> None:
        """Play a sound file into the microphone feed; return when it has been played."""
        self._run_tool(["paplay", f"--device={MIC_FEED_SINK}", "--latency-msec=50", str(wav_path)], timeout=120)

    def start_recording_speaker(self, path: str | os.PathLike) -> None:
        """Record what the speaker plays into a 16 kHz mono 16-bit WAV until ``stop_recording``."""
        if self._recorder is not None:
            raise PulseHarnessError("a speaker recording is already running")
        before = self._source_output_ids()
        self._recording_path = Path(path)
        self._recorder = subprocess.Popen(
            ["parecord", f"--device={SPEAKER_SINK}.monitor", "--rate=16000", "--channels=1",
             "--format=s16le", "--file-format=wav", "--latency-msec=50", str(path)],
            env=self._tool_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            preexec_fn=_die_with_parent,
        )
        self._wait_for(lambda: self._source_output_ids() - before, "parecord to connect")

    def stop_recording(self) -> Path:
        """Stop the speaker recording, finish its WAV file and return its path."""
        if self._recorder is None:
            raise PulseHarnessError("no speaker recording is running")
        recorder, self._recorder = self._recorder, None
        self._stop_process(recorder, signal.SIGINT)
        stderr = recorder.stderr.read().decode(errors="replace") if recorder.stderr else ""
        if not self._recording_path.exists() or self._recording_path.stat().st_size <= 44:
            raise PulseHarnessError(f"parecord wrote no audio (exit {recorder.returncode}): {stderr}")
        return self._recording_path

    def unplug_microphone(self) -> None:
        """Simulate the microphone vanishing: unload the module that provides ``rt_mic``."""
        module_ids = [line.split("\t")[0] for line in self.pactl("list", "short", "modules").splitlines()
                      if "module-remap-source" in line and f"source_name={MIC_SOURCE}" in line]
        if not module_ids:
            raise PulseHarnessError("the microphone is not plugged in")
        for module_id in module_ids:
            self.pactl("unload-module", module_id)

    def plug_microphone(self) -> None:
        """Undo ``unplug_microphone``: recreate ``rt_mic`` and make it the default source again."""
        self.pactl("load-module", "module-remap-source", f"source_name={MIC_SOURCE}",
                   f"master={MIC_FEED_SINK}.monitor", f"source_properties=device.description={MIC_SOURCE}")
        self.pactl("set-default-source", MIC_SOURCE)

    def pactl(self, *args: str) -> str:
        """Run pactl against this daemon and return its stdout."""
        return self._run_tool(["pactl", *args], timeout=10)

    def default_source(self) -> str:
        """Name of the source the daemon currently uses as default (what apps record from)."""
        return self.pactl("get-default-source").strip()

    def source_names(self) -> list[str]:
        """Names of all sources the daemon currently has."""
        return [line.split("\t")[1] for line in self.pactl("list", "short", "sources").splitlines() if line]

    def recording_streams(self) -> dict[str, str]:
        """Every recording stream (source output) the daemon has, by index, with its source's name."""
        sources = {line.split("\t")[0]: line.split("\t")[1]
                   for line in self.pactl("list", "short", "sources").splitlines() if line}
        return {line.split("\t")[0]: sources.get(line.split("\t")[1], "?")
                for line in self.pactl("list", "short", "source-outputs").splitlines() if line}

    # ---------------------------------------------------------------- internals
    @property
    def _socket_path(self) -> Path:
        return self.tmp_dir / "native"

    def _write_config_files(self) -> None:
        for name in ("runtime", "state", "home", "xdg-runtime"):
            (self.tmp_dir / name).mkdir(mode=0o700)
        (self.tmp_dir / "client.conf").write_text("autospawn = no\n")
        (self.tmp_dir / "startup.pa").write_text("\n".join([
            f"load-module module-native-protocol-unix socket={self._socket_path} auth-anonymous=1",
            f"load-module module-null-sink sink_name={SPEAKER_SINK} sink_properties=device.description={SPEAKER_SINK}",
            f"load-module module-null-sink sink_name={MIC_FEED_SINK} sink_properties=device.description={MIC_FEED_SINK}",
            f"load-module module-remap-source source_name={MIC_SOURCE} master={MIC_FEED_SINK}.monitor"
            f" source_properties=device.description={MIC_SOURCE}",
            f"set-default-sink {SPEAKER_SINK}",
            f"set-default-source {MIC_SOURCE}",
            "",
        ]))

    def _client_env(self) -> dict[str, str]:
        """Variables that point libpulse (and so ALSA's pulse plugin) at this daemon only."""
        return {
            "PULSE_SERVER": f"unix:{self._socket_path}",
            "PULSE_CLIENTCONFIG": str(self.tmp_dir / "client.conf"),  # autospawn = no
            "PULSE_COOKIE": str(self.tmp_dir / "cookie"),
            "PULSE_RUNTIME_PATH": str(self.tmp_dir / "runtime"),
            "PULSE_STATE_PATH": str(self.tmp_dir / "state"),
        }

    def _tool_env(self) -> dict[str, str]:
        return {**os.environ, **self.env}

    def _daemon_env(self) -> dict[str, str]:
        return {**self._tool_env(), "HOME": str(self.tmp_dir / "home"),
                "XDG_CONFIG_HOME": str(self.tmp_dir / "home" / ".config"),
                "XDG_RUNTIME_DIR": str(self.tmp_dir / "xdg-runtime")}

    def _launch_daemon(self) -> None:
        self._daemon_log = self.tmp_dir / "daemon.log"
        with open(self._daemon_log, "wb") as log:
            self._daemon = subprocess.Popen(
                ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
                 "--system=no", "--realtime=no", "--high-priority=no", "--disallow-module-loading=no",
                 "--log-target=stderr", "-F", str(self.tmp_dir / "startup.pa")],
                env=self._daemon_env(), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )

    def _daemon_stderr(self) -> str:
        try:
            return self._daemon_log.read_text(errors="replace")
        except OSError:
            return "(no daemon log)"

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + self.start_timeout_s
        while True:
            if self._daemon.poll() is not None:
                raise PulseHarnessError(
                    f"pulseaudio exited with code {self._daemon.returncode} during start-up:\n{self._daemon_stderr()}")
            answer = subprocess.run(["pactl", "info"], env=self._tool_env(), capture_output=True, timeout=5)
            if answer.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise PulseHarnessError(
                    f"pulseaudio did not answer `pactl info` within {self.start_timeout_s} s "
                    f"(pactl said: {answer.stderr.decode(errors='replace').strip()}); daemon stderr:\n"
                    f"{self._daemon_stderr()}")
            time.sleep(0.02)

    def _start_latency_keepers(self) -> None:
        """Keep both null sinks rendering in 20 ms steps, like real sound cards.

        An idle null sink renders 2 s ahead; a stream that connects then gets no data for up
        to 2 s. A silent low-latency reader on each monitor keeps the clock fine-grained, and a
        suspend/resume restarts the clock that was already set 2 s ahead at start-up.
        """
        for sink in (MIC_FEED_SINK, SPEAKER_SINK):
            before = self._source_output_ids()
            self._latency_keepers.append(subprocess.Popen(
                ["parecord", "--raw", f"--device={sink}.monitor", "--latency-msec=20",
                 "--rate=8000", "--channels=1", "--client-name=rt-latency-keeper"],
                env=self._tool_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent))
            self._wait_for(lambda: self._source_output_ids() - before, f"the latency keeper on {sink}")  # noqa: B023 (called here, within this iteration)
            self.pactl("suspend-sink", sink, "1")
            self.pactl("suspend-sink", sink, "0")

    def _start_mic_noise_floor(self) -> None:
        """Faint white noise (about -54 dBFS) into the microphone, like a real one's noise floor.

        A real microphone never delivers exact digital silence; realtalk takes seconds of it
        as a microphone that has gone (unplugged or muted), so the harness must not fake one.
        """
        noise = subprocess.Popen(
            ["sox", "-q", "-n", "-t", "raw", "-r", "16000", "-e", "signed", "-b", "16", "-c", "1", "-",
             "synth", "whitenoise", "vol", "0.002"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        player = subprocess.Popen(
            ["pacat", "--playback", f"--device={MIC_FEED_SINK}", "--format=s16le", "--rate=16000", "--channels=1",
             "--latency-msec=50", "--client-name=rt-mic-noise-floor"],
            env=self._tool_env(), stdin=noise.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent)
        noise.stdout.close()  # the player owns the pipe now
        self._latency_keepers += [player, noise]

    def _wait_for(self, condition, what: str, timeout_s: float = 5.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise PulseHarnessError(f"timed out waiting for {what}")
            time.sleep(0.02)

    def _source_output_ids(self) -> set[str]:
        return set(self.recording_streams())

    def _run_tool(self, command: list[str], timeout: float) -> str:
        if self._daemon is None:
            raise PulseHarnessError("PulseHarness is not started")
        result = subprocess.run(command, env=self._tool_env(), capture_output=True, timeout=timeout)
        if result.returncode != 0:
            raise PulseHarnessError(
                f"`{' '.join(command)}` failed with code {result.returncode}: "
                f"{result.stderr.decode(errors='replace').strip()}")
        return result.stdout.decode(errors="replace")

    @staticmethod
    def _stop_process(process: subprocess.Popen | None, first_signal: int) -> None:
        if process is None or process.poll() is not None:
            return
        process.send_signal(first_signal)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
