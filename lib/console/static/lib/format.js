/** Times and durations as the page shows them. */
import { toMillis } from './outcomes.js';

export function formatDuration(ms) {
  if (ms === undefined || Number.isNaN(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatTime(timestamp) {
  if (timestamp === undefined) return '';
  const date = new Date(toMillis(timestamp));
  return date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Pretty JSON when the text is JSON, the text otherwise. */
export function prettyJson(text) {
  if (text === undefined || text === null) return '';
  if (typeof text !== 'string') return JSON.stringify(text, null, 2);
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The first few scalar fields of an input, for the list's "input" column. */
export function keyFields(inputText, count = 2) {
  try {
    const input = JSON.parse(inputText);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return '';
    return Object.entries(input)
      .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
      .slice(0, count)
      .map(([key, value]) => `${key}=${String(value).slice(0, 40)}`)
      .join(' ');
  } catch {
    return '';
  }
}
