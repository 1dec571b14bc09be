"""One practice session: the partner opens, the user answers, until the debrief."""

from __future__ import annotations

import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field

from assistant.commands import DIALOGUE_WHILE_PAUSED, SAFETY_QUESTION_SLOT, VOICE_COMMANDS, obey, paused_hint
from assistant.latency import log_first_words, log_latency, turn_latency
from assistant.rasa.action_server import ActionServer
from assistant.rasa.partner import DialogueError, Partner, Reply
from assistant.rasa.process import PartnerProcess
from assistant.speaking import ReplyOutput
from assistant.spinner import progress
from assistant.terminal import printable
from audio.devices import AudioDeviceError, has_device
from audio.listening import EndOfInput, TextInput, UserInput, UserTurn, VoiceInput
from audio.speech import Utterance
from audio.stt import SttOptions, understood
from audio.tts import TtsOptions
from audio.turns import TurnOptions

DIDNT_CATCH = Reply("Sorry, I didn't catch that. Could you say it again?", "coach")
HEARD_ITSELF = ("(The microphone picked up realtalk's own voice, so from now on it won't stop when you "
                "talk over it. With headphones, it can.)")
INPUT_ENDED = "(No more input: the session ends here.)"
NO_MICROPHONE = "No microphone found: continuing in text mode (type each turn; 'stop' ends)."


@dataclass(frozen=True)
class PracticeOptions:
    """Everything ``realtalk practice`` can be told."""

    scenario: str | None = None
    """Scenario id; None lets the user choose by voice or text."""
    text_mode: bool = False
    """Typed turns even when a microphone exists."""
    speak: bool = True
    """Speak replies aloud when an output device exists."""
    input_device: str | None = None
    output_device: str | None = None
    stt: SttOptions = field(default_factory=SttOptions)
    tts: TtsOptions = field(default_factory=TtsOptions)
    """Which speech synthesiser speaks for the partner (Piper by default) and for the coach (espeak-ng)."""
    turns: TurnOptions = field(default_factory=TurnOptions)
    data_dir: str | None = None
    """History folder; None: $REALTALK_DATA_DIR, else $XDG_DATA_HOME/realtalk (see assistant.datadir)."""
    keep_audio: bool = False
    """Also store each spoken turn's audio (WAV, 0600) in the data folder."""
    min_turns: int | None = None
    """The fewest user turns a role-play runs before the partner may end it; None: the scenario's (6)."""


def run_practice(options: PracticeOptions) -> None:
    """Run one session to its end. Raises the dialogue's or the models' errors for the CLI."""
    from assistant.history.recorder import RecordingPartner, SessionRecorder, open_history
    from assistant.rasa.model import ensure_model
    from assistant.rasa.tracker import ENDPOINTS_FILE
    from dialogue.responses import all_responses

    _check_scenario(options.scenario)
    model_path = ensure_model()
    with ExitStack() as stack:
        data_dir, store = open_history(options.data_dir)
        stack.callback(store.close)
        actions = ActionServer()
        # Rasa's imports and model take most of the start-up: they load in a child process,
        # started first, while the devices, the action server and Whisper start here.
        partner = stack.enter_context(PartnerProcess(model_path, actions.url, ENDPOINTS_FILE))
        use_voice = not options.text_mode and has_device("input", options.input_device)
        if not options.text_mode and not use_voice:
            print(NO_MICROPHONE, flush=True)
        output = _reply_output(options)
        stack.enter_context(actions)
        recorder = SessionRecorder(store, data_dir, "voice" if use_voice else "text", options.keep_audio)
        stack.callback(recorder.close)
        user_input = _voice_input(options, stack, recorder.keep_clip) if use_voice else TextInput()
        all_responses()  # the coaching tips' texts, read now rather than at the first tip
        with progress("Loading the dialogue model and voices"):
            partner.wait_until_loaded()
            output.finish_loading()
        converse(RecordingPartner(partner, recorder), options.scenario, user_input, output, actions,
                 min_turns=options.min_turns)


def converse(
    partner: Partner, scenario: str | None, user_input: UserInput, output: ReplyOutput,
    actions: ActionServer | None = None, min_turns: int | None = None,
) -> None:
    """Alternate turns until the dialogue says the session is over."""
    output.interruptible = user_input.interruptible
    result = partner.open(scenario) if min_turns is None else partner.open(scenario, min_turns)
    output.say(result.replies)
    if output.first_audio_at:
        log_first_words(output.first_audio_at)
    paused = False
    input_ended = False
    while not result.session_over:
        try:
            turn = user_input.next_turn()
        except EndOfInput:
            if input_ended:  # "stop" was sent and the dialogue still did not end: nothing more will come
                print(INPUT_ENDED, file=sys.stderr, flush=True)
                return
            input_ended = True
            turn = UserTurn(Utterance(text="stop"))
        except AudioDeviceError as error:
            print(f"{error} Continuing in text mode.", flush=True)
            user_input = TextInput()
            output.interruptible = user_input.interruptible
            continue
        if output.heard_itself(turn.text):
            print(HEARD_ITSELF, file=sys.stderr, flush=True)
            user_input.stop_barge_in()
            output.say(output.interrupted_replies, remember=False)
            continue
        if not understood(turn.utterance):
            output.say([DIDNT_CATCH], remember=False)
            continue
        if turn.utterance.source == "voice" or not sys.stdin.isatty():
            print(f"you: {printable(turn.text)}", flush=True)
        if paused:
            # Nothing reaches the role-play while paused: the NLU alone says what the turn is.
            command = _command_in(partner, turn.text)
            if command in VOICE_COMMANDS:
                paused = obey(command, output, paused)
                continue
            if command not in DIALOGUE_WHILE_PAUSED:
                output.say([paused_hint()], remember=False)
                continue
        result = _respond(partner, turn, actions)
        replied_at = time.monotonic()
        if result.command is not None:  # "slower", "pause"…: the dialogue handed it back, unchanged
            if result.replies:
                output.say(result.replies)
            paused = obey(result.command, output, paused)
            continue
        output.say(result.replies)
        if result.slots.get("requested_slot") == SAFETY_QUESTION_SLOT:
            paused = False  # the coach asked "are you safe?": the answer must not be held back
        if turn.speech_end_at is not None and output.first_audio_at:
            log_latency(turn_latency(turn, replied_at, output.first_audio_at))


def _respond(partner: Partner, turn: UserTurn, actions: ActionServer | None):
    """The dialogue's answer; an action server or dialogue process that died is started again once,
    and the turn retried. The partner checks the action server's health before sending a turn, so
    that a turn is never sent twice; a dialogue process that dies mid-turn could have kept it.
    """
    try:
        return partner.respond(turn.text, turn.metadata())
    except DialogueError:
        if actions is not None and not actions.is_alive():
            print("The dialogue's action server stopped; starting it again…", file=sys.stderr, flush=True)
            actions.restart()
        elif partner.is_alive():
            raise
        else:
            print("The dialogue stopped; starting it again where it was…", file=sys.stderr, flush=True)
            partner.restart()
        return partner.respond(turn.text, turn.metadata())


def _command_in(partner: Partner, text: str) -> str | None:
    """The voice command or "stop" that ``text`` is (the NLU only, the role-play untouched);
    a dialogue process that died is started again once."""
    try:
        return partner.command_in(text)
    except DialogueError:
        if partner.is_alive():
            raise
        print("The dialogue stopped; starting it again where it was…", file=sys.stderr, flush=True)
        partner.restart()
        return partner.command_in(text)


def _check_scenario(scenario_id: str | None) -> None:
    from assistant.errors import UnknownScenario
    from assistant.scenario_list import lines
    from dialogue.practices.scenarios import find_scenario

    if scenario_id is not None and find_scenario(scenario_id) is None:
        known = "\n".join(f"  {line}" for line in lines())
        raise UnknownScenario(f"no scenario {scenario_id!r}. The scenarios are:\n{known}")


def _reply_output(options: PracticeOptions) -> ReplyOutput:
    if not options.speak or not has_device("output", options.output_device):
        return ReplyOutput()
    from audio.playback import Speaker
    from audio.tts import create_tts

    tts = create_tts(options.tts)
    tts.start_loading()  # beside the rest of the start-up; run_practice waits for it before the first words
    return ReplyOutput(tts, Speaker(options.output_device))


def _voice_input(options: PracticeOptions, stack: ExitStack, on_clip=lambda clip: None) -> VoiceInput:
    from audio.capture import Microphone
    from audio.stt import create_stt
    from audio.vad import default_detector

    stt = create_stt(options.stt)
    with progress("Loading the speech model"):
        stt.load()
    microphone = stack.enter_context(Microphone(options.input_device))
    return VoiceInput(
        microphone,
        default_detector(),
        stt,
        options.turns,
        on_listening=lambda: print("(listening…)", file=sys.stderr, flush=True),
        on_clip=on_clip,
    )
