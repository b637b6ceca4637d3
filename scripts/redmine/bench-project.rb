# Creates the "bench" project for the refresh benchmark, like the ops project configure.rb made: public,
# every tracker, the same issue categories and the Service/Region custom fields. Run with rails runner.
ops = Project.find_by(identifier: 'ops') || abort('bench-project: no project ops: run redmine.sh up first')
bench = Project.find_by(identifier: 'bench') || Project.new(identifier: 'bench', name: 'Bench')
bench.is_public = true
bench.enabled_module_names = bench.enabled_module_names | %w[issue_tracking]
bench.tracker_ids = Tracker.pluck(:id)
bench.save!
ops.issue_categories.each { |c| bench.issue_categories.find_or_create_by!(name: c.name) }
IssueCustomField.where(name: %w[Service Region]).each do |cf|
  next if cf.is_for_all?
  cf.project_ids = cf.project_ids | [bench.id]
  cf.save!
end
puts "bench-project: project bench (id #{bench.id}) has #{bench.issues.count} issues"
