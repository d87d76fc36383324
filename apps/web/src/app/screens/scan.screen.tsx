import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, bearer, unwrap } from '../../shared/api/client';
import { useCameraScan } from '../../shared/hooks/use-camera-scan';
import { t } from '../../shared/i18n';
import { decodeFile, decodeVideo, decoderName } from '../../shared/scanner';
import type { Guard } from '../../shared/session-guard';
import { ErrorBox, useScreen } from '../../shared/ui';
import { SLOT, withElement } from '../components/with-element';
import { refusals } from '../refusals';
import type { ScanResult } from '../types';

/** Scan a code with the camera, from a picture, or by its text. */
export function ScanScreen(props: { token: string; guard: Guard; onScanned: (s: ScanResult) => void }): JSX.Element {
  const { token, guard } = props;
  useScreen(t('app:scan.title'), t('app:title'));
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
        setError(new Error(t('app:scan.noCode')));
        return;
      }
      await submit(found);
    } catch {
      setError(new Error(t('app:scan.unreadable')));
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  return (
    <div>
      <h1>{t('app:scan.title')}</h1>
      <div class={`viewfinder ${camera === 'on' ? 'live' : ''}`}>
        <video ref={video} muted playsInline autoplay aria-label={t('app:scan.camera')} data-testid="camera" />
        {camera === 'on' && <div class="frame" aria-hidden="true" />}
        {camera === 'starting' && <p class="vf-msg">{t('app:scan.starting')}</p>}
        {camera === 'denied' && <p class="vf-msg">{t('app:scan.blocked')}</p>}
        {camera === 'none' && <p class="vf-msg">{t('app:scan.noCamera')}</p>}
      </div>
      <p class="muted small" aria-live="polite">
        {busy ? t('app:scan.checking') : camera === 'on' && !paused ? t('app:scan.point') : ''}
        {decoder && (
          <span class="decoder">
            {' '}
            {withElement(t('app:scan.decoder', { name: SLOT }), <span translate={false}>{decoder}</span>)}
          </span>
        )}
      </p>
      <ErrorBox error={error} messages={refusals()} />
      {paused && (
        <button
          class="btn btn-block scan-again"
          type="button"
          onClick={() => {
            setError(null);
            setPaused(false);
          }}
        >
          {t('app:scan.again')}
        </button>
      )}
      <div class="card">
        <div class="field">
          <label for="pick">{t('app:scan.pick')}</label>
          <input id="pick" type="file" accept="image/*" onChange={onFile} disabled={busy} data-testid="pick-image" />
        </div>
        <details>
          <summary>{t('app:scan.typeIt')}</summary>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) void submit(text);
            }}
          >
            <div class="field">
              <label for="payload">{t('app:scan.text')}</label>
              <textarea
                id="payload"
                value={text}
                onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
                spellcheck={false}
              />
            </div>
            <button class="btn" type="submit" disabled={busy || !text.trim()}>
              {t('app:scan.continue')}
            </button>
          </form>
        </details>
      </div>
    </div>
  );
}
