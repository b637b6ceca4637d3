# Loads a scenario (tools/scenario: `npm run scenario -- --out file.json`) into a Redmine 5 project, with its
# times. Run inside Redmine with:
#   TZ=UTC SCENARIO_FILE=/path/scenario.json bundle exec rails runner -e production load-scenario.rb
# after configure.rb (REST API, API key, default data). Idempotent: when the project already has issues it does
# nothing. Makes sure the project exists (public, every tracker, the categories) and that the list custom fields
# Service, Region and Team exist, hold the scenario's values and are enabled for it.
#
# ENV in:
#   SCENARIO_FILE        the scenario JSON (required)
#   REDMINE_PROJECT      project identifier (default shop); the project's name is REDMINE_PROJECT_NAME (default Shop)
#   REDMINE_ADMIN_LOGIN  author of the tickets (default admin)
#   SPACETIME_STATE_DIR  optional; where to write <project>-scenario.json: the scenario without its tickets, with
#                        counts, the project and the custom field ids (what tests read)
#
# REST ignores created_on/updated_on/closed_on and ActiveRecord creates ~100 issues/s, so the issues go in with
# bulk INSERTs (Issue.insert_all!, CustomValue.insert_all!), 1000 per statement. A top-level issue is a nested-set
# root: root_id = id, lft = 1, rgt = 2 (Redmine's add_as_root), set right after each INSERT in its transaction.

require 'fileutils'
require 'json'
require 'time'

require_relative 'list_field'

module SpacetimeScenario
  CATEGORIES = %w[Network Database Auth Payments Frontend Storage].freeze
  FIELDS = { 'Service' => 'service', 'Region' => 'region', 'Team' => 'team' }.freeze
  BATCH = 1000

  module_function

  def say(text)
    puts "load-scenario: #{text}"
    $stdout.flush
  end

  def clock
    Process.clock_gettime(Process::CLOCK_MONOTONIC)
  end

  # The project, public, with issue tracking, every tracker and the categories the scenario uses.
  def ensure_project(identifier, name, categories)
    project = Project.find_by(identifier: identifier) || Project.new(identifier: identifier, name: name)
    project.name = name if project.new_record?
    project.description = 'Spacetime demo: a day of tickets with an outage (tools/scenario).' if project.description.blank?
    project.is_public = true
    project.enabled_module_names = project.enabled_module_names | %w[issue_tracking]
    project.tracker_ids = Tracker.pluck(:id)
    project.save!
    categories.each { |c| project.issue_categories.find_or_create_by!(name: c) }
    project
  end

  def time(text)
    text && Time.iso8601(text).utc
  end
end
L = SpacetimeScenario

file         = ENV['SCENARIO_FILE'].to_s
project_id   = ENV.fetch('REDMINE_PROJECT', 'shop')
project_name = ENV.fetch('REDMINE_PROJECT_NAME', 'Shop')
admin_login  = ENV.fetch('REDMINE_ADMIN_LOGIN', 'admin')
abort 'load-scenario: SCENARIO_FILE is not set' if file.empty?
abort "load-scenario: #{file}: no such file" unless File.file?(file)

existing = Project.find_by(identifier: project_id)
if existing && (have = existing.issues.count).positive?
  L.say "project #{project_id} already has #{have} issues: nothing to do (reseed to replace them)"
  exit 0
end

t0 = L.clock
scenario = JSON.parse(File.read(file))
tickets = scenario.fetch('tickets')
t_parse = L.clock - t0

trackers   = Tracker.all.index_by(&:name)
priorities = IssuePriority.active.index_by(&:name)
statuses   = IssueStatus.all.index_by(&:name)
author     = User.find_by_login(admin_login) || abort("load-scenario: no user '#{admin_login}'")
abort 'load-scenario: Redmine has no trackers/statuses/priorities: run configure.rb first' if trackers.empty? || statuses.empty?

values = ->(key) { tickets.map { |t| t[key].to_s }.reject(&:empty?).uniq.sort }
project = L.ensure_project(project_id, project_name, L::CATEGORIES | values.call('category'))
categories = project.issue_categories.index_by(&:name)
fields = L::FIELDS.to_h { |name, key| [name, SpacetimeListField.ensure(name, values.call(key), project)] }

# Every name must exist before anything is written.
{ 'tracker' => trackers, 'priority' => priorities, 'status' => statuses }.each do |key, known|
  missing = values.call(key) - known.keys
  abort "load-scenario: unknown #{key} #{missing.join(', ')} (Redmine has #{known.keys.join(', ')})" if missing.any?
end

L.say "project #{project_id} (id #{project.id}): loading #{tickets.size} tickets from #{file}"
t1 = L.clock
loaded = 0
tickets.each_slice(L::BATCH) do |batch|
  Issue.transaction do
    rows = batch.map do |t|
      created = L.time(t['created'])
      {
        tracker_id: trackers.fetch(t['tracker']).id, project_id: project.id,
        subject: t['subject'].to_s.truncate(255), description: t['description'],
        category_id: t['category'].to_s.empty? ? nil : categories.fetch(t['category']).id,
        status_id: statuses.fetch(t['status']).id, priority_id: priorities.fetch(t['priority']).id,
        author_id: author.id, assigned_to_id: nil, lock_version: 0,
        created_on: created, updated_on: L.time(t['updated']), closed_on: L.time(t['closedOn']),
        start_date: created.to_date, done_ratio: 0, is_private: false,
        parent_id: nil, root_id: nil, lft: nil, rgt: nil
      }
    end
    Issue.insert_all!(rows)
    # The rows just inserted: this project's issues that are not in the nested set yet. Within the transaction
    # SQLite holds the write lock, so no other insert can come between; ids follow the insert order.
    ids = Issue.where(project_id: project.id, root_id: nil).order(:id).pluck(:id)
    raise "inserted #{batch.size} issues but found #{ids.size} new ones" unless ids.size == batch.size

    Issue.where(id: ids).update_all('root_id = id, lft = 1, rgt = 2')
    custom = []
    ids.zip(batch).each do |id, t|
      fields.each do |name, cf|
        custom << { customized_type: 'Issue', customized_id: id, custom_field_id: cf.id, value: t[L::FIELDS[name]].to_s }
      end
    end
    CustomValue.insert_all!(custom)
    loaded += batch.size
  end
end
t_insert = L.clock - t1

# What the database holds now, as Redmine sees it.
total = project.issues.count
closed = project.issues.joins(:status).where(issue_statuses: { is_closed: true }).count
outage = scenario.fetch('outage')
raise "project has #{total} issues, the scenario #{tickets.size}" unless total == tickets.size
bad_roots = project.issues.where('root_id IS NULL OR root_id <> id OR lft <> 1 OR rgt <> 2').count
raise "#{bad_roots} issues outside the nested set" unless bad_roots.zero?

L.say format('loaded %d issues in %.1fs (%.0f/s; JSON parsed in %.2fs); project has %d (%d closed), outage %s/%s: %d',
             loaded, t_insert, loaded / [t_insert, 0.001].max, t_parse, total, closed,
             outage['service'], outage['region'], outage['tickets'])

if (dir = ENV['SPACETIME_STATE_DIR'].to_s) != ''
  summary = {
    project: project_id, project_id: project.id,
    fields: fields.to_h { |name, cf| [name.downcase, cf.id] },
    seed: scenario['seed'], window: scenario['window'], outage: outage,
    tickets: total, closed: closed, open: total - closed,
    first_issue_id: project.issues.minimum(:id), last_issue_id: project.issues.maximum(:id),
    loaded_at: Time.now.utc.iso8601, load_seconds: t_insert.round(2)
  }
  FileUtils.mkdir_p(dir)
  path = File.join(dir, "#{project_id}-scenario.json")
  File.write("#{path}.tmp", JSON.pretty_generate(summary) + "\n")
  File.rename("#{path}.tmp", path)
  L.say "wrote #{path}"
end
