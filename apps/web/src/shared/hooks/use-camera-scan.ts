import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** What the camera is doing; `denied`: the browser blocks it, `none`: there is none to use. */
export type CameraState = 'starting' | 'on' | 'off' | 'denied' | 'none';

/**
 * The camera scanning loop: opens the back camera into `video` and, every 200 ms while
 * `paused.current` is false, decodes a frame with `decode`; the first text found pauses the
 * loop (`paused.current = true`) and goes to `onFound`. The camera stops when the screen goes.
 * `decode` and `onFound` are the ones of the first render (the loop starts once).
 */
export function useCameraScan(
  video: RefObject<HTMLVideoElement | null>,
  paused: RefObject<boolean>,
  decode: (video: HTMLVideoElement) => Promise<string | null>,
  onFound: (text: string) => Promise<void>,
): CameraState {
  const [camera, setCamera] = useState<CameraState>('starting');
  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) return setCamera('none');
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } },
          audio: false,
        });
      } catch (e) {
        return setCamera((e as Error).name === 'NotAllowedError' ? 'denied' : 'none');
      }
      if (stopped || !video.current) return stream.getTracks().forEach((t) => t.stop());
      video.current.srcObject = stream;
      await video.current.play().catch(() => undefined);
      setCamera('on');
      const tick = async () => {
        if (stopped) return;
        if (!paused.current && video.current) {
          const found = await decode(video.current).catch(() => null);
          if (found && !stopped && !paused.current) {
            paused.current = true;
            await onFound(found);
          }
        }
        if (!stopped) timer = window.setTimeout(tick, 200);
      };
      void tick();
    })();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);
  return camera;
}
