import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { useCameraScan } from '../../shared/hooks/use-camera-scan';
import { decodeFile, decodeVideo, decoderName } from '../../shared/scanner';
import type { Guard } from '../../shared/session-guard';
import { ErrorBox, useScreen } from '../../shared/ui';
import { APP } from '../config';
import { REFUSALS } from '../refusals';
import type { ScanResult } from '../types';

/** Scan a code with the camera, from a picture, or by its text. */
export function ScanScreen(props: { token: string; guard: Guard; onScanned: (s: ScanResult) => void }): JSX.Element {
  const { token, guard } = props;
  useScreen('Scan a code', APP);
  const video = useRef<HTMLVideoElement>(null);
  const [paused, setPaused] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [decoder, setDecoder] = useState('');
  const [text, setText] = useState('');
  const pausedRef = useRef(false);
  pausedRef.current = paused || busy;

  const submit = async (payload: string) => {
    setBusy(true);
    setError(null);
    try {
      const s = await guard(
        unwrap(api.POST('/v1/scan', { headers: bearer(token), body: { payload: payload.trim() } })),
      );
      props.onScanned(s);
    } catch (e) {
      setError(e);
      setPaused(true); // the camera waits for "Scan again", so one bad code is not sent over and over
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    void decoderName().then(setDecoder);
  }, []);
  const camera = useCameraScan(video, pausedRef, decodeVideo, submit);

  const onFile = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      const found = await decodeFile(file);
      if (!found) {
        setError(new Error('No QR code was found in this picture. Try a sharper one, with the whole code in it.'));
        return;
      }
      await submit(found);
    } catch {
      setError(new Error('This file could not be read as a picture.'));
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  return (
    <div>
      <h1>Scan a code</h1>
      <div class={`viewfinder ${camera === 'on' ? 'live' : ''}`}>
        <video ref={video} muted playsInline autoplay aria-label="Camera view" data-testid="camera" />
        {camera === 'on' && <div class="frame" aria-hidden="true" />}
        {camera === 'starting' && <p class="vf-msg">Starting the camera…</p>}
        {camera === 'denied' && (
          <p class="vf-msg">
            The camera is blocked. Allow it in the browser's settings, or choose a picture of the code below.
          </p>
        )}
        {camera === 'none' && <p class="vf-msg">No camera is available. Choose a picture of the code below.</p>}
      </div>
      <p class="muted small" aria-live="polite">
        {busy ? 'Checking the code…' : camera === 'on' && !paused ? 'Point the camera at the code.' : ''}
        {decoder && <span class="decoder"> Decoder: {decoder}</span>}
      </p>
      <ErrorBox error={error} messages={REFUSALS} />
      {paused && (
        <button
          class="btn btn-block scan-again"
          type="button"
          onClick={() => {
            setError(null);
            setPaused(false);
          }}
        >
          Scan again
        </button>
      )}
      <div class="card">
        <div class="field">
          <label for="pick">Or choose a picture of a code</label>
          <input id="pick" type="file" accept="image/*" onChange={onFile} disabled={busy} data-testid="pick-image" />
        </div>
        <details>
          <summary>Type or paste the code's text</summary>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) void submit(text);
            }}
          >
            <div class="field">
              <label for="payload">Code text</label>
              <textarea
                id="payload"
                value={text}
                onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
                spellcheck={false}
              />
            </div>
            <button class="btn" type="submit" disabled={busy || !text.trim()}>
              Continue
            </button>
          </form>
        </details>
      </div>
    </div>
  );
}
