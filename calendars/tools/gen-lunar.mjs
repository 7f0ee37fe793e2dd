// gen-lunar.mjs — writes calendars/lunar.tsv, the Chinese lunar calendar table the engine reads.
//
// Source: the npm package lunar-javascript (6tail), which computes new moons and solar terms
// after 寿星天文历 for Beijing time (UTC+8) and places leap months by the rules of
// GB/T 33661-2017《农历的编算和颁行》. If tyme4ts (same author, newer code) is installed too,
// every month is also checked against it; that catches a misuse of either API, not an error in
// their shared method (tests/cli/lunar.sh compares against independent tables).
//
// Rerun (any empty directory will do for the packages):
//   cd /tmp/lunar-gen && npm install lunar-javascript@1.7.7 tyme4ts@1.5.2
//   node /path/to/yaodian/calendars/tools/gen-lunar.mjs > /path/to/yaodian/calendars/lunar.tsv
// The packages are looked up from the current directory's node_modules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const FIRST_YEAR = 1949;
const LAST_YEAR = 2100;
const require = createRequire(process.cwd() + '/');
const lunar = require('lunar-javascript');
// The installed version of package name (its package.json, which tyme4ts does not export).
function version(name) {
  const file = `${process.cwd()}/node_modules/${name}/package.json`;
  return JSON.parse(readFileSync(file, 'utf8')).version;
}
let tyme = null;
try {
  tyme = require('tyme4ts');
} catch {
  tyme = null;
}

// One row per lunar month of year y, in order: [year, month, leap, first day, days].
function monthsOf(y) {
  return lunar.LunarYear.fromYear(y).getMonthsInYear().map((m) => [
    y,
    Math.abs(m.getMonth()),
    m.getMonth() < 0 ? 1 : 0,
    lunar.Solar.fromJulianDay(m.getFirstJulianDay()).toYmd(),
    m.getDayCount(),
  ]);
}

// The same rows from tyme4ts, as strings, for the cross-check.
function tymeMonthsOf(y) {
  return tyme.LunarYear.fromYear(y).getMonths().map((m) => {
    const first = m.getFirstDay().getSolarDay();
    const ymd = [first.getYear(), first.getMonth(), first.getDay()];
    const iso = `${ymd[0]}-${String(ymd[1]).padStart(2, '0')}-${String(ymd[2]).padStart(2, '0')}`;
    return [y, Math.abs(m.getMonthWithLeap()), m.isLeap() ? 1 : 0, iso, m.getDayCount()].join('\t');
  });
}

const rows = [];
for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
  const mine = monthsOf(y);
  if (tyme) {
    const theirs = tymeMonthsOf(y);
    const a = mine.map((r) => r.join('\t')).join('\n');
    if (a !== theirs.join('\n')) {
      process.stderr.write(`gen-lunar: lunar-javascript and tyme4ts differ in ${y}\n`);
      process.exit(1);
    }
  }
  rows.push(...mine);
}

const checked = tyme ? `, checked there against tyme4ts ${version('tyme4ts')}` : '';
const out = [
  '# lunar.tsv — the Chinese lunar (农历) calendar, one row per lunar month, lunar years',
  `# ${FIRST_YEAR} to ${LAST_YEAR}. The engine reads it at run time (engine/cal.c) to place 春节, 中秋 and`,
  '# every other lunar date a rule names. Data, not code: a person may correct a row by hand.',
  '#',
  `# Source: lunar-javascript ${version('lunar-javascript')} (6tail), astronomical computation after`,
  '# 寿星天文历 for Beijing time (UTC+8), following GB/T 33661-2017《农历的编算和颁行》, the',
  '# standard the official almanac (紫金山天文台) is computed by. Not from ICU, which disagrees',
  '# with the almanac in some years.',
  `# Produced by calendars/tools/gen-lunar.mjs${checked}.`,
  "# Verified by tests/cli/lunar.sh against Debian's python3-lunardate (to 2099) and",
  '# liblunar-date (to 2100); the months where those tables differ (1954, 1956, 1978, 2057,',
  '# 2060) are listed there with the reason this table is kept.',
  '# New moons within minutes of midnight make the first day of these months uncertain until',
  '# the almanac for the year is published: 2057 九月 (09-29), 2089 八月 (09-04), 2097 七月',
  '# (08-07). Check them against 紫金山天文台 then.',
  '#',
  '# Columns (tab-separated):',
  '#   year   lunar year (the one whose 正月初一 falls in that Gregorian year)',
  '#   month  1..12 (1 = 正月, 12 = 腊月)',
  '#   leap   1 for a leap month (闰月, following the ordinary month of the same number), else 0',
  "#   first  Gregorian date of the month's first day (初一), YYYY-MM-DD",
  '#   days   29 or 30',
  '# Each month starts the day after the previous one ends; a year has 12 months, or 13 with',
  '# one leap month.',
  '#year\tmonth\tleap\tfirst\tdays',
  ...rows.map((r) => r.join('\t')),
];
process.stdout.write(out.join('\n') + '\n');
