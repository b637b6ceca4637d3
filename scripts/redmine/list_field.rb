# One list custom field for Spacetime's Redmine projects; configure.rb and load-scenario.rb both need it.
module SpacetimeListField
  module_function

  # A list custom field holding `values`, filterable and searchable, enabled for the project and every tracker.
  def ensure(name, values, project)
    cf = IssueCustomField.find_by(name: name) || IssueCustomField.new(name: name, field_format: 'list')
    raise "custom field #{name} exists with format #{cf.field_format}" unless cf.field_format == 'list'
    wanted = (cf.possible_values || []) | values
    cf.possible_values = wanted if cf.new_record? || wanted != cf.possible_values
    cf.is_filter = true
    cf.searchable = true
    cf.visible = true
    cf.is_required = false
    cf.multiple = false
    cf.tracker_ids = Tracker.pluck(:id)
    cf.project_ids = (cf.project_ids | [project.id]) unless cf.is_for_all?
    cf.save!
    cf
  end
end
