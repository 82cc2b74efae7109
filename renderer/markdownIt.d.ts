// The part of markdown-it (a build-time dependency, bundled into dist/standalone.js) the HTML
// export's page uses; markdown-it ships no types of its own.
declare module 'markdown-it' {
  interface Options {
    html?: boolean;
    linkify?: boolean;
    typographer?: boolean;
  }
  export default class MarkdownIt {
    constructor(options?: Options);
    render(source: string): string;
  }
}
