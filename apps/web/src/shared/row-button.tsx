import type { ComponentChildren, JSX } from 'preact';

/** A button standing in a row of fields (class "row"), aligned with their inputs; a submit button unless `onClick` is given. */
export function RowButton(props: {
  disabled?: boolean;
  onClick?: () => void;
  children: ComponentChildren;
}): JSX.Element {
  return (
    <div class="field">
      <button class="btn" type={props.onClick ? 'button' : 'submit'} onClick={props.onClick} disabled={props.disabled}>
        {props.children}
      </button>
    </div>
  );
}
