#!/usr/bin/python3
"""A WHIP sender built on GStreamer's webrtcbin, as a studio would script one.

It sends I420 pictures with the send time drawn in as the clock barcode of clock-barcode.ts
(same grid, bit order and checksum), encoded by GStreamer's own VP8 or H.264 encoder, plus an
Opus sine tone. Signalling follows the WHIP spec: one POST of the complete offer (ICE gathered),
201 with the answer and a Location, DELETE of that Location when done.

Prints one JSON object per line on stdout: {"event": "answered", "status", "location"},
{"event": "refused", "status", "body"}, {"event": "ended", "status"} or {"event": "error", "message"}.

Usage: gst-whip-send.py URL TOKEN CODEC(vp8|h264) SECONDS [--width W] [--height H] [--fps F] [--tone HZ]
With GST_WHIP_DEBUG=1 the offer and the answer are printed on stderr.
"""

import argparse
import json
import os
import signal
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urljoin

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstWebRTC", "1.0")
gi.require_version("GstSdp", "1.0")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

COLS, ROWS, TIME_BITS = 8, 6, 42
WHITE, BLACK, GREY = 235, 16, 128

ENCODERS = {
    # Realtime settings a live sender would use; a keyframe every second so a late decoder starts fast.
    "vp8": "vp8enc deadline=1 cpu-used=8 end-usage=cbr target-bitrate=1500000 keyframe-max-dist={kf} "
    "error-resilient=partitions lag-in-frames=0 ! rtpvp8pay pt=96 picture-id-mode=15-bit ! "
    "application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000",
    "h264": "x264enc tune=zerolatency speed-preset=ultrafast bitrate=1500 key-int-max={kf} ! "
    "video/x-h264,profile=constrained-baseline ! rtph264pay pt=102 config-interval=-1 aggregate-mode=zero-latency ! "
    "application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000",
}


def emit(**fields):
    print(json.dumps(fields), flush=True)


def checksum(ms):
    return sum(i + 1 for i in range(TIME_BITS) if (ms >> i) & 1) % 64


class ClockPicture:
    """An I420 picture with the clock grid and a small moving block, redrawn per frame."""

    def __init__(self, width, height):
        self.width, self.height = width, height
        self.frame = 0
        luma = width * height
        self.buffer = bytearray([GREY]) * (luma + 2 * (luma // 4))

    def fill(self, x0, y0, x1, y1, value):
        w = self.width
        x0, x1 = max(0, int(x0)), min(w, int(x1))
        row = bytes([value]) * max(0, x1 - x0)
        for y in range(max(0, int(y0)), min(self.height, int(y1))):
            self.buffer[y * w + x0 : y * w + x1] = row

    def draw(self, now_ms):
        w, h = self.width, self.height
        cell_w, cell_h = w / 10, h / 8
        self.fill(0, 0, w, h, GREY)
        x = (self.frame * 7) % w
        self.frame += 1
        self.fill(x, h - cell_h * 0.8, x + cell_w * 0.6, h - cell_h * 0.2, 200)
        total = checksum(now_ms)
        for i in range(COLS * ROWS):
            if i < TIME_BITS:
                bit = (now_ms >> (TIME_BITS - 1 - i)) & 1
            else:
                bit = (total >> (COLS * ROWS - 1 - i)) & 1
            left = (1 + i % COLS) * cell_w + 2
            top = (1 + i // COLS) * cell_h + 2
            self.fill(left, top, left + cell_w - 4, top + cell_h - 4, WHITE if bit else BLACK)
        return bytes(self.buffer)


class WhipSender:
    def __init__(self, args):
        self.args = args
        self.loop = GLib.MainLoop()
        self.location = None
        self.offered = False
        self.picture = ClockPicture(args.width, args.height)
        encoder = ENCODERS[args.codec].format(kf=args.fps)
        caps = f"video/x-raw,format=I420,width={args.width},height={args.height},framerate={args.fps}/1"
        description = (
            "webrtcbin name=send bundle-policy=max-bundle "
            f"appsrc name=pictures is-live=true do-timestamp=true format=time caps={caps} ! queue ! {encoder} ! send. "
            f"audiotestsrc is-live=true wave=sine freq={args.tone} volume=0.3 ! audioconvert ! audioresample ! "
            "audio/x-raw,rate=48000,channels=2 ! opusenc frame-size=10 ! rtpopuspay pt=111 ! "
            "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000 ! send."
        )
        self.pipeline = Gst.parse_launch(description)
        self.webrtc = self.pipeline.get_by_name("send")
        self.source = self.pipeline.get_by_name("pictures")
        self.webrtc.connect("on-negotiation-needed", self.on_negotiation_needed)
        self.webrtc.connect("notify::ice-gathering-state", self.on_gathering_state)
        self.pipeline.get_bus().add_signal_watch()
        self.pipeline.get_bus().connect("message::error", self.on_error)

    def run(self):
        for transceiver_index in range(2):
            transceiver = self.webrtc.emit("get-transceiver", transceiver_index)
            if transceiver:
                transceiver.set_property("direction", GstWebRTC.WebRTCRTPTransceiverDirection.SENDONLY)
        self.pipeline.set_state(Gst.State.PLAYING)
        GLib.timeout_add(int(1000 / self.args.fps), self.push_picture)
        GLib.timeout_add(int(self.args.seconds * 1000), self.finish)
        for sig in (signal.SIGINT, signal.SIGTERM):
            GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, self.finish)
        self.loop.run()

    def push_picture(self):
        data = self.picture.draw(int(time.time() * 1000))
        self.source.emit("push-buffer", Gst.Buffer.new_wrapped(data))
        return True

    def on_negotiation_needed(self, _element):
        # Fired once per media pad; WHIP sends a single offer covering both.
        if not self.offered:
            self.offered = True
            promise = Gst.Promise.new_with_change_func(self.on_offer_created, None)
            self.webrtc.emit("create-offer", None, promise)

    def on_offer_created(self, promise, _data):
        promise.wait()
        reply = promise.get_reply()
        if reply.has_field("error"):
            emit(event="error", message=str(reply.get_value("error")))
            GLib.idle_add(self.stop)
            return
        offer = reply.get_value("offer")
        self.webrtc.emit("set-local-description", offer, Gst.Promise.new())

    def on_gathering_state(self, element, _param):
        # WHIP without trickle: the offer goes out once every candidate is in it.
        if element.get_property("ice-gathering-state") == GstWebRTC.WebRTCICEGatheringState.COMPLETE:
            GLib.idle_add(self.post_offer)

    def post_offer(self):
        sdp = self.webrtc.get_property("local-description").sdp.as_text()
        request = urllib.request.Request(
            self.args.url,
            data=sdp.encode(),
            method="POST",
            headers={"Content-Type": "application/sdp", "Authorization": f"Bearer {self.args.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                answer_text = response.read().decode()
                if os.environ.get("GST_WHIP_DEBUG"):
                    print(sdp, answer_text, sep="\n----\n", file=sys.stderr)
                self.location = urljoin(self.args.url, response.headers["Location"])
                emit(event="answered", status=response.status, location=self.location)
        except urllib.error.HTTPError as refused:
            emit(event="refused", status=refused.code, body=refused.read().decode()[:500])
            self.stop()
            return False
        except urllib.error.URLError as unreachable:
            emit(event="error", message=str(unreachable.reason))
            self.stop()
            return False
        _, message = GstSdp.SDPMessage.new_from_text(answer_text)
        answer = GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, message)
        self.webrtc.emit("set-remote-description", answer, Gst.Promise.new())
        return False

    def finish(self):
        if self.location:
            request = urllib.request.Request(self.location, method="DELETE", headers={"Authorization": f"Bearer {self.args.token}"})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    emit(event="ended", status=response.status)
            except urllib.error.HTTPError as refused:
                emit(event="ended", status=refused.code)
            self.location = None
        self.stop()
        return False

    def on_error(self, _bus, message):
        error, _debug = message.parse_error()
        emit(event="error", message=str(error.message))
        self.stop()

    def stop(self):
        self.pipeline.set_state(Gst.State.NULL)
        self.loop.quit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("codec", choices=sorted(ENCODERS))
    parser.add_argument("seconds", type=float)
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--height", type=int, default=360)
    parser.add_argument("--fps", type=int, default=15)
    parser.add_argument("--tone", type=int, default=440)
    args = parser.parse_args()
    Gst.init(None)
    WhipSender(args).run()


if __name__ == "__main__":
    sys.exit(main())
