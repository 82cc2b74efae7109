// The hook through which any object chooses how it is displayed: a method under this symbol that
// returns a MIME bundle, e.g.
//   class Point { [Symbol.for('tlnb.display')]() { return { 'text/html': `<b>${this.x}</b>` }; } }
// Deno's Jupyter symbol is honoured too, so objects written for Deno notebooks display here.

export const DISPLAY_SYMBOL = Symbol.for('tlnb.display');
export const JUPYTER_DISPLAY_SYMBOL = Symbol.for('Jupyter.display');
