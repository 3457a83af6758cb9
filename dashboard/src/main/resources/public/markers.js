// Marks on every chart's time axis (README, "What the page shows"): a dashed line where a new code version produced its first output, a solid
// one where a call failed. Drawn as elements over the plot, so each has a tooltip (its title) and the page can be
// checked for them; positions follow the x scale on every redraw.
let current = [];

/** Replaces the markers (from a markers frame: [{t, kind: 'version'|'failure', label}]). */
export function setMarkers(list) {
  current = Array.isArray(list) ? list.filter((m) => m && typeof m.t === 'number') : [];
}

export function markers() {
  return current;
}

/** A uPlot plugin that draws getMarkers() on each draw. */
export function markerPlugin(getMarkers = markers) {
  return { hooks: { draw: [(u) => place(u, getMarkers())] } };
}

function place(u, list) {
  let layer = u.over.querySelector(':scope > .markers');
  if (!layer) {
    layer = document.createElement('div');
    layer.className = 'markers';
    u.over.append(layer);
  }
  const nodes = [];
  const { min, max } = u.scales.x;
  for (const marker of list) {
    const x = marker.t; // the charts' x scale is in epoch ms
    if (min == null || x < min || x > max) continue;
    const version = marker.kind === 'version';
    const node = document.createElement('div');
    node.className = `marker ${version ? 'marker-version' : 'marker-failure'}`;
    node.dataset.t = String(marker.t);
    node.dataset.kind = version ? 'version' : 'failure';
    node.title = `${new Date(marker.t).toLocaleTimeString()} · ${marker.label || marker.kind}`;
    node.setAttribute('role', 'img');
    node.setAttribute('aria-label', node.title);
    Object.assign(node.style, {
      position: 'absolute',
      top: '0',
      bottom: '0',
      left: `${Math.round(u.valToPos(x, 'x')) - 1}px`,
      width: '3px',
      borderLeft: version ? '2px dashed #8b5cf6' : '2px solid #ef4444',
      pointerEvents: 'auto',
    });
    nodes.push(node);
  }
  layer.replaceChildren(...nodes);
}
