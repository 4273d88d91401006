// The cells of an audit event's row, shared by the events table and the sign-ins list: when (in
// the chosen zone, labelled), and why (in words, the code kept in the title for reference).
import { h } from './dom.js';
import { whyText } from './event-words.js';
import { formatAge } from './format.js';
import { formatTime, zoneLabel } from './time-zone.js';

export function timeCell(event, zone) {
  const date = new Date(event.time);
  const label = Number.isNaN(date.getTime()) ? '' : zoneLabel(date, zone);
  return h(
    'td',
    { 'data-label': 'Time' },
    h('time', { datetime: event.time, title: event.time }, formatTime(event.time, zone)),
    h('span', { class: 'age' }, h('span', { class: 'zone' }, label), ` · ${formatAge(event.time)}`),
  );
}

export function whyCell(event, label = 'Why') {
  return h(
    'td',
    { class: 'why', 'data-label': label, 'data-reason': event.reason || '', title: event.reason },
    whyText(event),
  );
}
