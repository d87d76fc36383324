import { Fragment, type ComponentChildren, type JSX } from 'preact';

/** Stands for a value in a translated text until it is put back as an element (a private-use character). */
const MARK = '\uE000';
const MARKED = new RegExp(`${MARK}(\\w+)${MARK}`);

/**
 * A translated sentence with data in it ("Order {{reference}} cancelled."): `text`
 * is given a mark for each {{name}} to pass to `t`, and each mark is put back as
 * values[name], a string inside `<span translate="no">` (data is not UI text) or an
 * element as given (which marks itself). The sentence stays whole for the
 * translators, its words in their order, and the data is never translated.
 */
export function DataText<K extends string>(props: {
  text: (marks: Record<K, string>) => string;
  values: Record<K, ComponentChildren>;
}): JSX.Element {
  const marks = {} as Record<K, string>;
  for (const k of Object.keys(props.values) as K[]) marks[k] = `${MARK}${k}${MARK}`;
  // split with a capturing group: text, name, text, name, …, text
  const parts = props.text(marks).split(MARKED);
  return (
    <>
      {parts.map((part, i) => {
        if (i % 2 === 0) return part;
        const v = props.values[part as K];
        return (
          <Fragment key={i}>
            {typeof v === 'string' || typeof v === 'number' ? <span translate={false}>{v}</span> : v}
          </Fragment>
        );
      })}
    </>
  );
}
