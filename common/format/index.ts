export * from './model';
export { FormatError, parseNotebook } from './parse';
export { serializeNotebook } from './serialize';
export { decodeItemData, encodeItemData, isTextMime, type StoredItemData } from './itemData';
