// icaljs_dump.mjs NODE_MODULES FILE.ics... — parses each feed with ical.js (the npm package
// Thunderbird uses) and prints what it recovered as JSON lines, normalised the same way as
// pyical_dump.py does it with python3-icalendar, for calendar.sh and compare.py to hold
// against each other and against what the engine meant to write (test_feed --dump).
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, ...files] = process.argv.slice(2);
const ICAL = (await import(pathToFileURL(join(modules, 'ical.js', 'dist', 'ical.js')).href)).default;

// A DATE as YYYY-MM-DD; anything else (a DATE-TIME) marked so that it cannot compare equal.
function day(v) {
	if (v == null) return null;
	const s = v.toString();
	return v.isDate ? s : 'DATE-TIME:' + s;
}
// A UTC DATE-TIME as YYYYMMDDTHHMMSSZ.
function stamp(v) {
	if (v == null) return null;
	return v.toICALString();
}
function text(c, name) {
	const v = c.getFirstPropertyValue(name);
	return v == null ? null : String(v);
}
function trigger(a) {
	const p = a.getFirstProperty('trigger');
	if (!p) return null;
	const v = p.getFirstValue();
	const related = p.getParameter('related') || null;
	return v instanceof ICAL.Duration ? { related, seconds: v.toSeconds() } : { related, absolute: v.toString() };
}

for (const file of files) {
	const cal = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
	const refresh = cal.getFirstProperty('refresh-interval');
	// Keys in sorted order, so that both dumps serialise alike.
	console.log(JSON.stringify({
		description: text(cal, 'description'),
		file: basename(file),
		kind: 'calendar',
		method: text(cal, 'method'),
		name: text(cal, 'name'),
		prodid: text(cal, 'prodid'),
		refresh_interval: refresh ? refresh.getFirstValue().toString() : null,
		version: text(cal, 'version'),
		x_published_ttl: text(cal, 'x-published-ttl'),
		x_wr_calname: text(cal, 'x-wr-calname'),
	}));
	for (const ev of cal.getAllSubcomponents('vevent')) {
		const cats = [];
		for (const p of ev.getAllProperties('categories'))
			for (const v of p.getValues()) cats.push(String(v));
		const alarms = ev.getAllSubcomponents('valarm').map((a) => ({
			action: text(a, 'action'),
			description: text(a, 'description'),
			trigger: trigger(a),
		}));
		console.log(JSON.stringify({
			alarms,
			categories: cats,
			created: stamp(ev.getFirstPropertyValue('created')),
			description: text(ev, 'description'),
			dtend: day(ev.getFirstPropertyValue('dtend')),
			dtstamp: stamp(ev.getFirstPropertyValue('dtstamp')),
			dtstart: day(ev.getFirstPropertyValue('dtstart')),
			file: basename(file),
			kind: 'event',
			last_modified: stamp(ev.getFirstPropertyValue('last-modified')),
			sequence: ev.getFirstPropertyValue('sequence'),
			status: text(ev, 'status'),
			summary: text(ev, 'summary'),
			uid: text(ev, 'uid'),
		}));
	}
}
