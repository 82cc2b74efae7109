// esbuild loads .css imports as text (see scripts/build.mjs); this tells TypeScript so.
declare module '*.css' {
  const text: string;
  export default text;
}
