'use client';

import { useEffect, useState, type RefObject } from 'react';

/** Per channel, in dBFS: short-term RMS and the peak of the last 100 ms. −∞ is silence. */
export interface AudioLevel {
  rms: number[];
  peak: number[];
}

const SILENT: AudioLevel = { rms: [-Infinity, -Infinity], peak: [-Infinity, -Infinity] };
const READ_EVERY_MS = 100;

const dbfs = (linear: number) => (linear > 0 ? 20 * Math.log10(linear) : -Infinity);

/**
 * The sound the program monitor plays, measured in the browser from the same WHEP stream
 * viewers receive (so the meter shows what the audience hears, after the encoder). Reads
 * the video element's MediaStream through a Web Audio analyser per channel; nothing is
 * routed to the speakers by this.
 */
export function useAudioLevel(video: RefObject<HTMLVideoElement | null>, active: boolean): AudioLevel {
  const [level, setLevel] = useState<AudioLevel>(SILENT);

  useEffect(() => {
    const element = video.current;
    const stream = element?.srcObject;
    if (!active || !(stream instanceof MediaStream) || stream.getAudioTracks().length === 0) {
      setLevel(SILENT);
      return;
    }
    const context = new AudioContext();
    const source = context.createMediaStreamSource(stream);
    const splitter = context.createChannelSplitter(2);
    source.connect(splitter);
    const analysers = [0, 1].map((channel) => {
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      splitter.connect(analyser, channel);
      return analyser;
    });
    const buffer = new Float32Array(2048);
    // A meter needs a running context; browsers start it suspended until the page is used.
    const resume = () => void context.resume().catch(() => undefined);
    resume();
    window.addEventListener('pointerdown', resume);
    window.addEventListener('keydown', resume);
    const timer = setInterval(() => {
      const rms: number[] = [];
      const peak: number[] = [];
      for (const analyser of analysers) {
        analyser.getFloatTimeDomainData(buffer);
        let sum = 0;
        let max = 0;
        for (const sample of buffer) {
          sum += sample * sample;
          max = Math.max(max, Math.abs(sample));
        }
        rms.push(dbfs(Math.sqrt(sum / buffer.length)));
        peak.push(dbfs(max));
      }
      setLevel({ rms, peak });
    }, READ_EVERY_MS);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pointerdown', resume);
      window.removeEventListener('keydown', resume);
      source.disconnect();
      void context.close();
    };
  }, [video, active]);

  return level;
}
