export * from './model';
export { FormatError, parseNotebook } from './parse';
export { serializeNotebook } from './serialize';
export { isTextMime } from './itemData';
