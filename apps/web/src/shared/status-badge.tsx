import type { ComponentChildren, JSX } from 'preact';

/** A status as a badge: green when it is `ok`, red when it is `bad`, amber otherwise. */
export function StatusBadge(props: {
  status: string | undefined;
  ok: string;
  bad?: string;
  children?: ComponentChildren;
}): JSX.Element {
  const tone =
    props.status === props.ok
      ? 'badge-ok'
      : props.bad !== undefined && props.status === props.bad
        ? 'badge-bad'
        : 'badge-warn';
  return <span class={`badge ${tone}`}>{props.children ?? props.status}</span>;
}
