// CSV of what the charts show: one row per sample in the window, one column per key, in the cards' order.
function cell(text) {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(samples, keys) {
  const lines = [['time', 'epoch_ms', ...keys].map(cell).join(',')];
  for (const sample of samples) {
    const values = keys.map((key) => (sample.values[key] === undefined ? '' : String(sample.values[key])));
    lines.push([new Date(sample.t).toISOString(), String(sample.t), ...values].join(','));
  }
  return `${lines.join('\n')}\n`;
}
