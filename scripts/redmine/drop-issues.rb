# Deletes every issue of one project (and what hangs on them: custom values, journals, relations, watchers, time
# entries, attachments' rows) with bulk DELETEs, so that load-scenario.rb can load a fresh scenario. The project, its
# categories and custom fields stay. Run inside Redmine with:
#   TZ=UTC REDMINE_PROJECT=shop bundle exec rails runner -e production drop-issues.rb
# Refuses the tests' project `ops` (other tests rely on its 600 tickets).

project_id = ENV.fetch('REDMINE_PROJECT', 'shop')
abort "drop-issues: refusing to drop the issues of '#{project_id}' (the tests' project)" if project_id == 'ops'
project = Project.find_by(identifier: project_id)
# No `exit` here: docker-compose loads this file and load-scenario.rb in one `rails runner`.
if project.nil?
  puts "drop-issues: no project #{project_id}: nothing to do"
else
  t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
  n = 0
  Issue.transaction do
    ids = Issue.where(project_id: project.id).pluck(:id)
    n = ids.size
    ids.each_slice(5000) do |slice|
      journals = Journal.where(journalized_type: 'Issue', journalized_id: slice)
      JournalDetail.where(journal_id: journals.select(:id)).delete_all
      journals.delete_all
      CustomValue.where(customized_type: 'Issue', customized_id: slice).delete_all
      IssueRelation.where(issue_from_id: slice).or(IssueRelation.where(issue_to_id: slice)).delete_all
      Watcher.where(watchable_type: 'Issue', watchable_id: slice).delete_all
      TimeEntry.where(issue_id: slice).delete_all
      Attachment.where(container_type: 'Issue', container_id: slice).delete_all
      Issue.where(id: slice).delete_all
    end
  end
  seconds = Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
  puts format('drop-issues: deleted %d issues of project %s in %.1fs', n, project_id, seconds)
end
