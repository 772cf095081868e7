/** How much of a value a message shows, in code points. */
const SHOWN_MAX = 80;

/**
 * A value as every error message of the library shows it: as JSON, so that
 * its type shows (`"10"` is not `10`) and invisible characters are escaped;
 * cut after 80 code points and marked `…`, so that a long value from a
 * parameter or a request still leaves a failure reason within the 4 KB that
 * CloudFormation accepts for a custom resource's answer. A cut never splits a
 * surrogate pair or an escape sequence.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const cut = cutAt(value, SHOWN_MAX);
    return cut === undefined ? JSON.stringify(value) : `${JSON.stringify(cut)}…`;
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // A cycle or a BigInt: JSON cannot show it.
    text = String(value);
  }
  const cut = cutAt(text, SHOWN_MAX);
  return cut === undefined ? text : `${withoutPartialEscape(cut)}…`;
}

/** The first `max` code points of `text`, or `undefined` when it has no more than that. */
function cutAt(text: string, max: number): string | undefined {
  if (text.length <= max) {
    return undefined;
  }
  let count = 0;
  let end = 0;
  // Walks only as far as the cut, however long the text.
  for (const codePoint of text) {
    if (count === max) {
      return text.slice(0, end);
    }
    count++;
    end += codePoint.length;
  }
  return undefined;
}

/**
 * JSON text cut short, without the escape sequence the cut may have split: a
 * trailing `\` that starts an escape (after an even run of backslashes,
 * which are escaped backslashes themselves), with the start of a `\uXXXX`.
 */
function withoutPartialEscape(text: string): string {
  const tail = /(\\+)(u[0-9a-fA-F]{0,3})?$/.exec(text);
  if (!tail || tail[1].length % 2 === 0) {
    return text;
  }
  return text.slice(0, tail.index + tail[1].length - 1);
}
