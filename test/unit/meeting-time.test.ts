import assert from 'node:assert/strict';
import { meetingTimeText } from '../../bot/roundtable/meeting-time.js';

describe('meeting time with its time zone', () => {
  it('shows the date as everywhere (YYYY-MM-DD), the time and the agency zone', () => {
    assert.equal(
      meetingTimeText('2026-06-01 14:00', 'America/Chicago'),
      '2026-06-01 14:00 (America/Chicago)',
    );
    assert.equal(meetingTimeText('2026-06-01 14:00', 'UTC'), '2026-06-01 14:00 (UTC)');
  });

  it("converts to the person's own zone when known (summer and winter time)", () => {
    assert.equal(
      meetingTimeText('2026-06-01 14:00', 'America/Chicago', 'America/New_York'),
      '2026-06-01 15:00 (America/New_York)',
    );
    assert.equal(
      meetingTimeText('2026-12-01 09:30', 'America/Chicago', 'Europe/London'),
      '2026-12-01 15:30 (Europe/London)',
    );
    assert.equal(meetingTimeText('2026-06-01 14:00', 'America/Chicago', 'UTC'), '2026-06-01 19:00 (UTC)');
    assert.equal(meetingTimeText('2026-12-01 14:00', 'America/Chicago', 'UTC'), '2026-12-01 20:00 (UTC)');
    // Across midnight: the date follows the zone.
    assert.equal(
      meetingTimeText('2026-06-01 20:00', 'America/Los_Angeles', 'Asia/Tokyo'),
      '2026-06-02 12:00 (Asia/Tokyo)',
    );
  });

  it('an unknown zone falls back (the agency zone, else UTC); a date alone has no time zone', () => {
    assert.equal(
      meetingTimeText('2026-06-01 14:00', 'America/Chicago', 'Not/AZone'),
      '2026-06-01 14:00 (America/Chicago)',
    );
    assert.equal(meetingTimeText('2026-06-01 14:00', 'Not/AZone'), '2026-06-01 14:00 (UTC)');
    assert.equal(meetingTimeText('2026-06-01', 'America/Chicago', 'Europe/London'), '2026-06-01');
    assert.equal(meetingTimeText('next Tuesday', 'UTC'), 'next Tuesday');
  });
});
