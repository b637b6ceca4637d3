# Seeds realistic, backdated tickets into a Redmine 5 project for Spacetime. Run inside Redmine with:
#   TZ=UTC bundle exec rails runner -e production seed.rb
# after configure.rb. Idempotent: does nothing when the project already has >= SEED_COUNT issues,
# otherwise creates the missing ones. Deterministic (seeded PRNG); times are relative to "now"
# (rounded down to the minute) and spread over the last SEED_DAYS days, UTC.
#
# ENV in:
#   SEED_COUNT           tickets wanted in the project (default 600)
#   SEED_DAYS            window in days (default 7)
#   SEED_RANDOM_SEED     PRNG seed (default 20240601)
#   SEED_OFFSET_DAYS     shift every time this many days into the past (default 0; the benchmark's project
#                        lies outside the sync window this way)
#   REDMINE_PROJECT      project identifier (default ops)
#   REDMINE_ADMIN_LOGIN  author of the tickets (default admin)
#   SPACETIME_STATE_DIR  optional; where to write seed.json (a summary, with the outage window)
#
# REST ignores created_on/updated_on/closed_on, so issues are created with ActiveRecord and their
# times (and final status) are then set with update_columns.

require 'fileutils'
require 'json'

count       = Integer(ENV.fetch('SEED_COUNT', '600'))
days        = Integer(ENV.fetch('SEED_DAYS', '7'))
rng         = Random.new(Integer(ENV.fetch('SEED_RANDOM_SEED', '20240601')))
project_id  = ENV.fetch('REDMINE_PROJECT', 'ops')
admin_login = ENV.fetch('REDMINE_ADMIN_LOGIN', 'admin')

project = Project.find_by(identifier: project_id) || abort("seed: no project '#{project_id}': run configure.rb first")
have = project.issues.count
if have >= count
  puts "seed: project #{project_id} already has #{have} issues (>= #{count}): nothing to do"
  exit 0
end

author = User.find_by_login(admin_login) || abort("seed: no user '#{admin_login}'")
service_cf = IssueCustomField.find_by(name: 'Service') || abort('seed: no custom field Service: run configure.rb first')
region_cf  = IssueCustomField.find_by(name: 'Region') || abort('seed: no custom field Region: run configure.rb first')

trackers   = Tracker.all.index_by(&:name)
priorities = IssuePriority.active.index_by(&:name)
statuses   = IssueStatus.all.index_by(&:name)
categories = project.issue_categories.index_by(&:name)
%w[Bug Feature Support].each { |n| trackers[n] || abort("seed: no tracker #{n}") }
%w[Low Normal High Urgent Immediate].each { |n| priorities[n] || abort("seed: no priority #{n}") }
%w[New In\ Progress Feedback Resolved Closed Rejected].each { |n| statuses[n] || abort("seed: no status #{n}") }

# Vocabulary and helpers live in a module: top-level defs in a runner file would become methods of
# every object, and top-level constants would clash with configure.rb when both are loaded by one
# `rails runner` (as docker-compose does).
module SpacetimeSeed
  # ---------------------------------------------------------------- vocabulary
  REGIONS  = %w[EMEA AMER APAC].freeze
  # Services weighted: the shop front gets more tickets than the back office.
  SERVICE_W = { 'checkout' => 16, 'payments' => 14, 'search' => 12, 'auth' => 12, 'inventory' => 10,
                'notifications' => 8, 'api-gateway' => 14, 'web' => 14 }.freeze
  REGION_W = { 'EMEA' => 45, 'AMER' => 35, 'APAC' => 20 }.freeze
  TRACKER_W = { 'Bug' => 60, 'Support' => 25, 'Feature' => 15 }.freeze
  PRIORITY_W = { 'Low' => 12, 'Normal' => 46, 'High' => 28, 'Urgent' => 10, 'Immediate' => 4 }.freeze
  # Category most likely for a service (else any).
  SERVICE_CATEGORY = { 'checkout' => %w[Payments Frontend Network], 'payments' => %w[Payments Database Network],
                       'search' => %w[Storage Database Network], 'auth' => %w[Auth Database],
                       'inventory' => %w[Database Storage], 'notifications' => %w[Network Storage],
                       'api-gateway' => %w[Network Auth], 'web' => %w[Frontend Network] }.freeze
  DEPS = %w[payments-api auth-service search-index inventory-db orders-db redis-cache kafka cdn
            fraud-check tax-service email-relay sms-gateway].freeze

  BUG_SUBJECTS = {
    'Network' => ['%<svc>s: 502 from %<dep>s in %<region>s', '%<svc>s: timeouts calling %<dep>s',
                  '%<svc>s: intermittent connection resets to %<dep>s', 'DNS lookups for %<dep>s fail from %<svc>s',
                  '%<svc>s: TLS handshake errors in %<region>s', '%<svc>s: p99 latency above 2s in %<region>s'],
    'Database' => ['%<svc>s: connection pool exhausted', '%<svc>s: slow queries on %<dep>s',
                   'replication lag on %<dep>s replica in %<region>s', '%<svc>s: deadlocks during nightly batch',
                   '%<svc>s: migration left table locked', '%<svc>s: disk full on %<dep>s primary'],
    'Auth' => ['%<svc>s: login fails with 401 for some users', '%<svc>s: token refresh returns 500',
               'SSO redirect loop for %<svc>s in %<region>s', '%<svc>s: sessions expire after 5 minutes',
               '%<svc>s: MFA codes rejected in %<region>s'],
    'Payments' => ['%<svc>s: card payments declined with "issuer unavailable"', '%<svc>s: duplicate charges reported',
                   '%<svc>s: refunds stuck in pending', '%<svc>s: 3-D Secure challenge never loads in %<region>s',
                   '%<svc>s: wrong currency shown in %<region>s'],
    'Frontend' => ['%<svc>s: blank page after login in Safari', '%<svc>s: broken images on product page',
                   '%<svc>s: buttons unresponsive on mobile', '%<svc>s: JS error "undefined is not a function"',
                   '%<svc>s: layout broken in right-to-left languages'],
    'Storage' => ['%<svc>s: disk 90%% full on node %<node>s', '%<svc>s: uploads fail with SlowDown',
                  'backup job for %<svc>s did not finish', '%<svc>s: object store returns 503 in %<region>s',
                  '%<svc>s: log volume filling up']
  }.freeze
  SUPPORT_SUBJECTS = ['Customer cannot complete order (%<svc>s, %<region>s)', 'Question: rate limits for %<svc>s API',
                      'Customer reports missing confirmation email', 'Refund request escalated by support (%<region>s)',
                      'Partner asks about %<svc>s downtime yesterday', 'Account locked after password reset',
                      'Invoice shows wrong VAT for %<region>s customer', 'Customer sees stale stock levels on %<svc>s'].freeze
  FEATURE_SUBJECTS = ['%<svc>s: add retry with backoff for %<dep>s', '%<svc>s: expose health endpoint',
                      '%<svc>s: support Apple Pay in %<region>s', '%<svc>s: add dashboard for error budget',
                      '%<svc>s: make timeouts configurable', '%<svc>s: alert on queue depth',
                      '%<svc>s: add structured logging', '%<svc>s: cache %<dep>s responses'].freeze

  OPENERS = ['Reported by the on-call engineer.', 'Raised by customer support after several complaints.',
             'Found by synthetic monitoring.', 'Alert fired from the %<svc>s error-rate SLO.',
             'Spotted in the %<region>s morning review.', 'Partner escalation via the support portal.'].freeze
  DETAILS = ['About %<pct>d%% of requests are affected in %<region>s.', 'Started shortly after deploy %<ver>s of %<svc>s.',
             'Error rate went from 0.1%% to %<pct>d%% within minutes.', 'Only some customers see it; we could not reproduce locally.',
             'Logs show repeated errors from %<dep>s.', 'Retries succeed most of the time.',
             'The issue seems to correlate with peak traffic.', 'Rolling back to the previous version did not help.'].freeze
  CLOSERS = ['Next step: check the %<dep>s dashboards.', 'Workaround: restart the affected pods.',
             'Please attach a HAR file if it happens again.', 'Linked to the incident channel for %<svc>s.',
             'Owner: %<svc>s team.', 'Needs a follow-up postmortem if it happens again.'].freeze


  module_function

  def pick_w(rng, weights)
    r = rng.rand * weights.values.sum
    weights.each { |k, w| return k if (r -= w) < 0 }
    weights.keys.last
  end

  def pick(rng, list)
    list[rng.rand(list.size)]
  end

  def fmt(template, vars)
    format(template, **vars)
  end

  def description_for(rng, vars)
    parts = [S.fmt(S.pick(rng, OPENERS), vars)]
    DETAILS.sample(1 + rng.rand(2), random: rng).each { |d| parts << S.fmt(d, vars) }
    parts << S.fmt(S.pick(rng, CLOSERS), vars)
    parts.join(' ')
  end

  # Resolution time in seconds: faster for urgent tickets, long tail for the rest.
  def resolution_seconds(rng, priority)
    mean_h = { 'Immediate' => 2, 'Urgent' => 5, 'High' => 12, 'Normal' => 30, 'Low' => 60 }.fetch(priority)
    [(-Math.log(1 - rng.rand) * mean_h * 3600).round, 600].max
  end

  # Tickets arrive more during the working day (UTC 07-19).
  def arrival(rng, start, window)
    loop do
      t = start + rng.rand(window)
      return t if rng.rand < (t.hour.between?(7, 19) ? 1.0 : 0.35)
    end
  end
end
S = SpacetimeSeed

now    = Time.now.utc.change(sec: 0) - Integer(ENV.fetch('SEED_OFFSET_DAYS', '0')) * 86_400
window = days * 86_400
start  = now - window

specs = []
# A small deliberate outage: ~40 tickets within one hour two days ago, checkout in EMEA, High/Urgent.
outage_n = count >= 200 ? 40 : count / 5
outage_start = (now - 2 * 86_400).beginning_of_hour
outage_n.times do
  vars = { svc: 'checkout', region: 'EMEA', dep: 'payments-api', pct: 20 + rng.rand(60), ver: "v#{3 + rng.rand(2)}.#{rng.rand(20)}.#{rng.rand(10)}",
           node: rng.rand(1..40) }
  subject = S.pick(rng, ['checkout: 502 from payments-api in EMEA', 'checkout: payment step times out in EMEA',
                       'Customers in EMEA cannot complete checkout', 'checkout: orders stuck in "payment pending" (EMEA)',
                       'checkout: 5xx spike on /api/cart/submit in EMEA', 'Customer cannot complete order (checkout, EMEA)'])
  # Arrivals bunch up early in the hour, as during a real outage.
  offset = (3600 * (rng.rand**1.6)).to_i
  specs << { tracker: rng.rand < 0.7 ? 'Bug' : 'Support', priority: rng.rand < 0.6 ? 'High' : 'Urgent',
             category: rng.rand < 0.75 ? 'Payments' : 'Network', service: 'checkout', region: 'EMEA',
             subject: subject, description: S.description_for(rng, vars) + ' Part of the checkout outage in EMEA.',
             created: outage_start + offset,
             resolve: 3600 + rng.rand(3 * 3600), outage: true }
end

(count - outage_n).times do
  tracker = S.pick_w(rng, S::TRACKER_W)
  service = S.pick_w(rng, S::SERVICE_W)
  region = S.pick_w(rng, S::REGION_W)
  category = rng.rand < 0.8 ? S.pick(rng, S::SERVICE_CATEGORY[service]) : S.pick(rng, S::BUG_SUBJECTS.keys)
  priority = S.pick_w(rng, S::PRIORITY_W)
  priority = 'Normal' if tracker == 'Feature' && %w[Urgent Immediate].include?(priority)
  vars = { svc: service, region: region, dep: S.pick(rng, S::DEPS), pct: 2 + rng.rand(40),
           ver: "v#{1 + rng.rand(4)}.#{rng.rand(20)}.#{rng.rand(10)}", node: rng.rand(1..40) }
  subject = case tracker
            when 'Bug' then S.fmt(S.pick(rng, S::BUG_SUBJECTS.fetch(category)), vars)
            when 'Support' then S.fmt(S.pick(rng, S::SUPPORT_SUBJECTS), vars)
            else S.fmt(S.pick(rng, S::FEATURE_SUBJECTS), vars)
            end
  # Missing values must exist in the data: some tickets have no category, region or service.
  category = nil if rng.rand < 0.06
  region = nil if rng.rand < 0.07
  service = nil if rng.rand < 0.03
  closing = rng.rand < (tracker == 'Feature' ? 0.45 : 0.72)
  specs << { tracker: tracker, priority: priority, category: category, service: service, region: region,
             subject: subject, description: S.description_for(rng, vars),
             created: S.arrival(rng, start, window),
             resolve: closing ? S.resolution_seconds(rng, priority) : nil, outage: false }
end

# Ids follow creation time, as in a real tracker.
specs.sort_by! { |s| s[:created] }
todo = specs.drop(have)
puts "seed: project #{project_id} has #{have} issues; creating #{todo.size} (target #{count})"

closed_names = %w[Closed Closed Closed Rejected] # mostly Closed, some Rejected (both is_closed)
open_names = ['New', 'New', 'In Progress', 'In Progress', 'Feedback', 'Resolved']
created = 0
t0 = Time.now
todo.each_slice(100) do |batch|
  Issue.transaction do
    batch.each do |s|
      issue = Issue.new(project: project, tracker: trackers[s[:tracker]], author: author,
                        subject: s[:subject].truncate(255), description: s[:description],
                        priority: priorities[s[:priority]], category: s[:category] && categories[s[:category]])
      issue.custom_field_values = { service_cf.id.to_s => s[:service].to_s, region_cf.id.to_s => s[:region].to_s }
      issue.save!

      closed_on = s[:resolve] && s[:created] + s[:resolve]
      closed_on = nil if closed_on && closed_on > now - 60 # would close in the future: still open
      if closed_on
        status = statuses[s[:outage] ? 'Closed' : S.pick(rng, closed_names)]
        updated_on = closed_on
      else
        status = statuses[s[:created] > now - 3600 ? 'New' : S.pick(rng, open_names)]
        updated_on = status.name == 'New' ? s[:created] : s[:created] + rng.rand(now - s[:created]).to_i
      end
      issue.update_columns(status_id: status.id, created_on: s[:created], updated_on: updated_on,
                           closed_on: closed_on, start_date: s[:created].to_date)
      created += 1
    end
  end
end
elapsed = Time.now - t0

total = project.issues.count
closed = project.issues.joins(:status).where(issue_statuses: { is_closed: true }).count
summary = {
  project: project_id, total: total, created: created, closed: closed, seconds: elapsed.round(1),
  window: { from: start.iso8601, to: now.iso8601 },
  outage: { service: 'checkout', region: 'EMEA', priorities: %w[High Urgent], tickets: outage_n,
            from: outage_start.iso8601, to: (outage_start + 3600).iso8601 }
}
puts format('seed: created %d issues in %.1fs (%.0f/s); project now has %d (%d closed)',
            created, elapsed, created / [elapsed, 0.001].max, total, closed)
if (dir = ENV['SPACETIME_STATE_DIR'].to_s) != '' && created.positive?
  FileUtils.mkdir_p(dir)
  File.write(File.join(dir, 'seed.json'), JSON.pretty_generate(summary) + "\n")
  puts "seed: wrote #{File.join(dir, 'seed.json')}"
end
