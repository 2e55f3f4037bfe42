#!/bin/sh
# Makes the small audio files the voice tests upload, as phones and browsers record them.
# Needs ffmpeg and espeak-ng (Debian packages); the files are committed, so the build does not.
set -eu
cd "$(dirname "$0")"
say() { espeak-ng -v en-gb -s 140 -w /tmp/tandem-say.wav "$1"; }
say "I like reading with Miss Khan."
# iPhone: AAC in an MPEG-4 audio file.
ffmpeg -y -loglevel error -i /tmp/tandem-say.wav -ac 1 -c:a aac -b:a 24k -f ipod spoken.m4a
# Android and browsers: Opus in Ogg, and Opus in WebM written as a stream (no duration in the
# header, as MediaRecorder writes it).
ffmpeg -y -loglevel error -i /tmp/tandem-say.wav -ac 1 -c:a libopus -b:a 16k spoken.ogg
ffmpeg -y -loglevel error -i /tmp/tandem-say.wav -ac 1 -c:a libopus -b:a 16k -f webm pipe:1 > spoken.webm
# Longer than three minutes, at a very low bit rate to keep the files small.
ffmpeg -y -loglevel error -f lavfi -i "sine=frequency=220:duration=190" -ac 1 -c:a libopus -b:a 6k long.ogg
ffmpeg -y -loglevel error -f lavfi -i "sine=frequency=220:duration=190" -ac 1 -c:a libopus -b:a 6k -f webm pipe:1 > long.webm
ffmpeg -y -loglevel error -f lavfi -i "sine=frequency=220:duration=190" -ac 1 -c:a aac -b:a 8k -f ipod long.m4a
# Not an accepted recording: uncompressed WAV, and an MPEG-4 file with only a picture in it.
ffmpeg -y -loglevel error -f lavfi -i "sine=frequency=440:duration=0.2" -ac 1 tone.wav
ffmpeg -y -loglevel error -f lavfi -i "color=c=blue:s=32x32:d=0.5" -c:v mpeg4 -f mp4 picture-only.mp4
# The demo pupil's recorded answer.
ffmpeg -y -loglevel error -i /tmp/tandem-say.wav -ac 1 -c:a libopus -b:a 16k ../../../main/resources/demo/amara-view.ogg
