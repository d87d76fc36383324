import type { JSX } from 'preact';

/** What a translation is given for the place of an element: the text is cut there. */
export const SLOT = '\u2063';

/**
 * A translated sentence with one element in it, wherever the language puts it:
 * `withElement(t('app:code.newCodeIn', { seconds: SLOT }), <strong>…</strong>)`.
 */
export function withElement(text: string, element: JSX.Element): JSX.Element {
  const at = text.indexOf(SLOT);
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      {element}
      {text.slice(at + SLOT.length)}
    </>
  );
}
