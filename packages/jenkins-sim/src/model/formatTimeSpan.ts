/** Jenkins' `Util.getTimeSpanString`, used in queue `why` texts. */
export function formatTimeSpan(ms: number): string {
  const duration = Math.max(0, ms);
  const years = Math.floor(duration / 31536000000);
  const days = Math.floor(duration / 86400000) % 365;
  const hours = Math.floor(duration / 3600000) % 24;
  const minutes = Math.floor(duration / 60000) % 60;
  const seconds = Math.floor(duration / 1000) % 60;
  const millis = duration % 1000;
  const pair = (a: number, ua: string, b: number, ub: string) =>
    b > 0 ? `${a} ${ua} ${b} ${ub}` : `${a} ${ua}`;
  if (years > 0) return pair(years, 'yr', days, 'days');
  if (days > 0) return pair(days, days === 1 ? 'day' : 'days', hours, 'hr');
  if (hours > 0) return pair(hours, 'hr', minutes, 'min');
  if (minutes > 0) return pair(minutes, 'min', seconds, 'sec');
  if (seconds >= 10) return `${seconds} sec`;
  if (seconds >= 1) return `${(duration / 1000).toFixed(1)} sec`;
  return `${millis} ms`;
}
