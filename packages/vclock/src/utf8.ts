// UTF-8 of actor ids: actors travel as UTF-8 in context tokens and are limited in bytes. The
// platform's TextEncoder does the encoding; a string with a lone surrogate is refused as an
// actor (TextEncoder would turn it into U+FFFD, so two different ids could encode alike).
const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** True when `text` has no lone surrogate, so its UTF-8 encoding is lossless and injective. */
export function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = text.charCodeAt(i + 1); // NaN past the end
    if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++; // a high surrogate followed by a low one: a valid pair
  }
  return true;
}
