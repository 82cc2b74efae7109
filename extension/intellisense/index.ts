// Entry of dist/intellisense.js, the bundle lazy.ts loads on the first tlnb notebook: TypeScript
// and the notebook language service live here, outside the extension's main bundle.

export { activateIntellisense, type Intellisense } from './providers';
