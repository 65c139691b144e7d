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
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
