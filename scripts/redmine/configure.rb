# Configures a Redmine 5 for Spacetime. Run inside Redmine with:
#   TZ=UTC bundle exec rails runner -e production configure.rb
# Idempotent. Works in Debian's redmine package and in the official redmine:5 image.
#
# ENV in:
#   REDMINE_API_KEY      optional; make the admin's API key exactly this value ([a-zA-Z0-9]{1,40})
#   REDMINE_URL          URL written to the env file (default http://127.0.0.1:3000)
#   REDMINE_PROJECT      project identifier (default ops)
#   REDMINE_PROJECT_NAME its name (default Operations; docker-compose configures "shop", "Shop")
#   REDMINE_ADMIN_LOGIN  (default admin)
#   SPACETIME_STATE_DIR  optional; where to write `env` (KEY=value lines); without it they go to stdout

require 'fileutils'
require_relative 'list_field'

project_id  = ENV.fetch('REDMINE_PROJECT', 'ops')
project_name = ENV.fetch('REDMINE_PROJECT_NAME', 'Operations')
url         = ENV.fetch('REDMINE_URL', 'http://127.0.0.1:3000')
admin_login = ENV.fetch('REDMINE_ADMIN_LOGIN', 'admin')
wanted_key  = ENV['REDMINE_API_KEY'].to_s.strip

categories = %w[Network Database Auth Payments Frontend Storage]
services   = %w[checkout payments search auth inventory notifications api-gateway web]
regions    = %w[EMEA AMER APAC]

# A database that was only migrated (e.g. the redmine:5 image) has no trackers/statuses/priorities yet.
if Redmine::DefaultData::Loader.no_data?
  Redmine::DefaultData::Loader.load('en')
  puts 'configure: loaded Redmine default data (en)'
end

ActiveRecord::Base.transaction do
  Setting.rest_api_enabled = '1'
  Setting.notified_events = [] # no notification mails: faster creates, no mail errors

  admin = User.find_by_login(admin_login) || raise("no user '#{admin_login}'")
  # A local test instance: do not force a password change on first web login as admin/admin.
  admin.update_columns(must_change_passwd: false) if admin.must_change_passwd?

  if wanted_key.empty?
    admin.api_key # creates the token when missing
  else
    # Redmine only looks up keys made of letters and digits (Token.find_token), at most 40 long.
    unless /\A[a-z0-9]{1,40}\z/i.match?(wanted_key)
      abort 'configure: REDMINE_API_KEY must be 1-40 letters and digits (Redmine ignores other keys), e.g. `openssl rand -hex 20`'
    end
    Token.where(action: 'api', value: wanted_key).where.not(user_id: admin.id).delete_all
    token = Token.find_by(user_id: admin.id, action: 'api') || Token.create!(user: admin, action: 'api')
    # update_columns: Token's before_create replaces any value given on create.
    token.update_columns(value: wanted_key) if token.value != wanted_key
  end
  admin.reload

  project = Project.find_by(identifier: project_id) || Project.new(identifier: project_id)
  project.name = project_name if project.new_record? || project.name != project_name
  project.description = 'Incident and support tickets for Spacetime tests.' if project.description.blank?
  project.is_public = true
  project.enabled_module_names = project.enabled_module_names | %w[issue_tracking]
  project.tracker_ids = Tracker.pluck(:id)
  project.save!

  categories.each { |name| project.issue_categories.find_or_create_by!(name: name) }

  fields = {}
  { 'Service' => services, 'Region' => regions }.each do |name, values|
    fields[name] = SpacetimeListField.ensure(name, values, project).id
  end

  lines = {
    'REDMINE_URL' => url,
    'REDMINE_API_KEY' => admin.api_key,
    'REDMINE_PROJECT' => project.identifier,
    'REDMINE_SERVICE_FIELD_ID' => fields['Service'],
    'REDMINE_REGION_FIELD_ID' => fields['Region']
  }.map { |k, v| "#{k}=#{v}\n" }.join

  if (dir = ENV['SPACETIME_STATE_DIR'].to_s) != ''
    FileUtils.mkdir_p(dir)
    path = File.join(dir, 'env')
    File.write("#{path}.tmp", lines)
    File.rename("#{path}.tmp", path)
    puts "configure: wrote #{path}"
  else
    puts lines
  end
  puts "configure: project #{project.identifier} (id #{project.id}), Service field #{fields['Service']}, " \
       "Region field #{fields['Region']}, #{project.issue_categories.count} categories"
end
