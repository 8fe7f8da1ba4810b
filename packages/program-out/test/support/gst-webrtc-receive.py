#!/usr/bin/python3
"""GStreamer's webrtcbin receiving a show, as a studio would script it: a WHEP player, or a WHIP server.

  whep URL SECONDS             POST a receive-only offer (ICE gathered) to a WHEP endpoint, play
                               what the answer sends for SECONDS, then DELETE the session.
  whip-server SECONDS [--token T]
                               Serve a WHIP endpoint on 127.0.0.1 (an ephemeral port): each POSTed
                               offer is answered by a new receive-only webrtcbin (201, SDP, Location);
                               DELETE on the Location ends that session. Exits after SECONDS.

Pictures are decoded by GStreamer's own H.264 decoder (openh264dec), sound by opusdec, its level
read by the `level` element. Prints one JSON object per line on stdout:
  {"event": "listening", "url"}                     whip-server: where to publish
  {"event": "request", "method", "path", "status", "authorization"}   whip-server: each request
  {"event": "answered", "status", "location"}       whep: the POST's answer
  {"event": "refused", "status", "body"}            whep: the POST was refused
  {"event": "progress", "pictures", "moving", "width", "height", "rmsDb", "session"}  once a second
                               per session: pictures decoded so far, how many differed from the one
                               before, their size, and the sound's loudest channel RMS (dBFS) of the
                               last second (-inf for silence or no sound)
  {"event": "ended", "status"} / {"event": "error", "message"}
"""

import argparse
import json
import math
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urljoin

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstWebRTC", "1.0")
gi.require_version("GstSdp", "1.0")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

VIDEO_CAPS = "application/x-rtp,media=video,encoding-name=H264,payload=96,clock-rate=90000,packetization-mode=(string)1,profile-level-id=(string)42e01f"
AUDIO_CAPS = "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000"
# Columns sampled across the picture's middle row: the signature a moving picture changes.
STRIP_COLUMNS = 32

_print_lock = threading.Lock()


def emit(**fields):
    with _print_lock:
        print(json.dumps(fields), flush=True)


class ReceivingPeer:
    """One webrtcbin that receives H.264 + Opus, decodes both and reports once a second."""

    def __init__(self, session):
        self.session = session
        self.pictures = 0
        self.moving = 0
        self.size = (0, 0)
        self.last_strip = None
        self.loudest_db = -math.inf
        self.pipeline = Gst.Pipeline.new(f"receive-{session}")
        self.webrtc = Gst.ElementFactory.make("webrtcbin", "receive")
        self.webrtc.set_property("bundle-policy", GstWebRTC.WebRTCBundlePolicy.MAX_BUNDLE)
        self.pipeline.add(self.webrtc)
        self.webrtc.connect("pad-added", self.on_pad_added)
        bus = self.pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect("message::element", self.on_element_message)
        bus.connect("message::error", lambda _bus, message: emit(event="error", message=str(message.parse_error()[0].message), session=session))
        self.pipeline.set_state(Gst.State.PLAYING)
        self.timer = GLib.timeout_add(1000, self.report)

    def add_receive_transceivers(self):
        for caps in (VIDEO_CAPS, AUDIO_CAPS):
            self.webrtc.emit("add-transceiver", GstWebRTC.WebRTCRTPTransceiverDirection.RECVONLY, Gst.Caps.from_string(caps))

    def call(self, signal_name, *args, field=None):
        """Emits a webrtcbin action that answers through a promise; waits, and returns the SDP text
        of the reply's session description `field` (offer or answer).

        The description is read inside the promise's callback, as text: read after a plain
        wait() it came back empty, and kept as an object past the callback it was freed.
        """
        done = threading.Event()
        result = {}

        def on_reply(promise, _data):
            reply = promise.get_reply()
            if reply and reply.has_field("error"):
                result["error"] = str(reply.get_value("error"))
            elif field:
                description = reply.get_value(field) if reply else None
                result["value"] = description.sdp.as_text() if description else None
            done.set()

        self.webrtc.emit(signal_name, *args, Gst.Promise.new_with_change_func(on_reply, None))
        if not done.wait(10):
            raise TimeoutError(f"webrtcbin did not answer {signal_name}")
        if "error" in result or (field and result.get("value") is None):
            raise RuntimeError(f"{signal_name} failed: {result.get('error', 'no ' + field)}")
        return result.get("value")

    def wait_gathered(self, timeout_s=10):
        # No trickle: the SDP goes out once every candidate is in it.
        deadline = time.monotonic() + timeout_s
        while self.webrtc.get_property("ice-gathering-state") != GstWebRTC.WebRTCICEGatheringState.COMPLETE:
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        return self.webrtc.get_property("local-description").sdp.as_text()

    def set_description(self, which, sdp_type, text):
        _, message = GstSdp.SDPMessage.new_from_text(text)
        self.call(f"set-{which}-description", GstWebRTC.WebRTCSessionDescription.new(sdp_type, message))

    def on_pad_added(self, _webrtc, pad):
        if pad.get_direction() != Gst.PadDirection.SRC:
            return
        media = pad.get_current_caps().get_structure(0).get_string("media")
        if media == "video":
            chain = "queue ! rtph264depay ! h264parse ! openh264dec ! videoconvert ! video/x-raw,format=I420 ! appsink name=pictures emit-signals=true sync=false max-buffers=2 drop=true"
        else:
            chain = "queue ! rtpopusdepay ! opusdec ! audioconvert ! level interval=200000000 post-messages=true ! fakesink sync=false"
        decode = Gst.parse_bin_from_description(chain, True)
        self.pipeline.add(decode)
        decode.sync_state_with_parent()
        pad.link(decode.get_static_pad("sink"))
        if media == "video":
            decode.get_by_name("pictures").connect("new-sample", self.on_picture)

    def on_picture(self, sink):
        sample = sink.emit("pull-sample")
        structure = sample.get_caps().get_structure(0)
        width, height = structure.get_value("width"), structure.get_value("height")
        ok, mapped = sample.get_buffer().map(Gst.MapFlags.READ)
        if ok:
            row = (height // 2) * width
            strip = bytes(mapped.data[row + (i * width) // STRIP_COLUMNS] // 8 for i in range(STRIP_COLUMNS))
            sample.get_buffer().unmap(mapped)
            if self.last_strip is not None and strip != self.last_strip:
                self.moving += 1
            self.last_strip = strip
        self.pictures += 1
        self.size = (width, height)
        return Gst.FlowReturn.OK

    def on_element_message(self, _bus, message):
        structure = message.get_structure()
        if structure and structure.get_name() == "level":
            self.loudest_db = max([self.loudest_db, *structure.get_value("rms")])

    def report(self):
        emit(event="progress", session=self.session, pictures=self.pictures, moving=self.moving, width=self.size[0], height=self.size[1], rmsDb=None if self.loudest_db == -math.inf else round(self.loudest_db, 1))
        self.loudest_db = -math.inf
        return True

    def close(self):
        GLib.source_remove(self.timer)
        self.pipeline.set_state(Gst.State.NULL)


def play_whep(args, loop):
    peer = ReceivingPeer(1)
    peer.add_receive_transceivers()
    peer.set_description("local", GstWebRTC.WebRTCSDPType.OFFER, peer.call("create-offer", None, field="offer"))
    sdp = peer.wait_gathered()
    request = urllib.request.Request(args.url, data=sdp.encode(), method="POST", headers={"Content-Type": "application/sdp"})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            answer = response.read().decode()
            location = urljoin(args.url, response.headers["Location"])
            emit(event="answered", status=response.status, location=location)
    except urllib.error.HTTPError as refused:
        emit(event="refused", status=refused.code, body=refused.read().decode()[:500])
        peer.close()
        return 1
    peer.set_description("remote", GstWebRTC.WebRTCSDPType.ANSWER, answer)

    def finish():
        try:
            with urllib.request.urlopen(urllib.request.Request(location, method="DELETE"), timeout=10) as response:
                emit(event="ended", status=response.status)
        except urllib.error.HTTPError as refused:
            emit(event="ended", status=refused.code)
        peer.close()
        loop.quit()

    GLib.timeout_add(int(args.seconds * 1000), finish)
    loop.run()
    return 0


def serve_whip(args, loop):
    sessions = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def answer(self, status, body=b"", headers=()):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            emit(event="request", method=self.command, path=self.path, status=status, authorization=self.headers.get("Authorization"))

        def do_POST(self):
            offer = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            if self.path != "/whip":
                return self.answer(404)
            if args.token and self.headers.get("Authorization") != f"Bearer {args.token}":
                return self.answer(401)
            if self.headers.get("Content-Type") != "application/sdp":
                return self.answer(415)
            with lock:
                session = len(sessions) + 1
                peer = sessions[session] = ReceivingPeer(session)
            peer.set_description("remote", GstWebRTC.WebRTCSDPType.OFFER, offer)
            peer.set_description("local", GstWebRTC.WebRTCSDPType.ANSWER, peer.call("create-answer", None, field="answer"))
            sdp = peer.wait_gathered()
            self.answer(201, sdp.encode(), [("Content-Type", "application/sdp"), ("Location", f"/whip/sessions/{session}")])

        def do_DELETE(self):
            prefix = "/whip/sessions/"
            session = int(self.path[len(prefix):]) if self.path.startswith(prefix) and self.path[len(prefix):].isdigit() else 0
            with lock:
                peer = sessions.get(session)
            if not peer:
                return self.answer(404)
            GLib.idle_add(lambda: peer.close() and False)
            self.answer(200)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    emit(event="listening", url=f"http://127.0.0.1:{server.server_address[1]}/whip")

    def finish():
        server.shutdown()
        for peer in list(sessions.values()):
            peer.close()
        loop.quit()

    GLib.timeout_add(int(args.seconds * 1000), finish)
    loop.run()
    return 0


def main():
    parser = argparse.ArgumentParser()
    modes = parser.add_subparsers(dest="mode", required=True)
    whep = modes.add_parser("whep")
    whep.add_argument("url")
    whep.add_argument("seconds", type=float)
    whip = modes.add_parser("whip-server")
    whip.add_argument("seconds", type=float)
    whip.add_argument("--token", default="")
    args = parser.parse_args()
    Gst.init(None)
    loop = GLib.MainLoop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    try:
        return play_whep(args, loop) if args.mode == "whep" else serve_whip(args, loop)
    except Exception as error:  # noqa: BLE001 - reported to the test, which says where it happened
        emit(event="error", message=f"{type(error).__name__}: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
