/** A vega-lite specification (kept loose: vega-lite validates it when compiling). */
export type VegaLiteSpec = Record<string, unknown>;

/**
 * Renders a vega-lite spec headlessly: vega-lite compiles it, vega renders SVG without a canvas, resvg turns the
 * SVG into a PNG (its binary ships inside the npm package; nothing is downloaded). vega and vega-lite are
 * ESM-only with top-level await, hence the dynamic imports.
 */
export async function renderChart(spec: VegaLiteSpec): Promise<{ svg: string; png: Uint8Array }> {
  const vl = await import('vega-lite');
  const vega = await import('vega');
  const { Resvg } = await import('@resvg/resvg-js');
  // Long legend labels (policy, attack, q) are shown whole.
  const compiled = vl.compile({ config: { legend: { labelLimit: 400 } }, ...spec } as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: 2 } }).render().asPng();
    return { svg, png };
  } finally {
    view.finalize();
  }
}
