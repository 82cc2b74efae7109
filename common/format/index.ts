export * from './model';
export { FormatError } from './formatError';
export { parseNotebook, parseNotebookBytes } from './parse';
export { MAX_JSON_NESTING } from './nesting';
export { serializeNotebook } from './serialize';
export { decodeItemData, encodeItemData, isTextMime, type StoredItemData } from './itemData';
export { INJECTED_PARAMETERS_TAG, PARAMETERS_TAG, hasTag, withTag } from './cellTags';
