#!/usr/bin/perl
# Prints, as JSON, counts read straight from RT's own database (SQL on its tables, not through RT's API), for
# the tests to check the datasource's answers against: tickets of queues Ops and Support (RT_QUEUES) opened
# in [COUNT_FROM, COUNT_TO) (UTC, "YYYY-MM-DD HH:MM:SS"), not deleted, by status, by state (open: the default
# lifecycle's active statuses), and by the custom fields Service, Region and Severity ("" when unset).
use strict;
use warnings;
use DBI;
use JSON::PP;

my $db = $ENV{RT_DB} || '/var/lib/dbconfig-common/sqlite3/request-tracker5/rtdb';
my @queues = split /,/, ($ENV{RT_QUEUES} || 'Ops,Support');
my ($from, $to) = ($ENV{COUNT_FROM} || '1970-01-01 00:00:00', $ENV{COUNT_TO} || '9999-12-31 00:00:00');
my $dbh = DBI->connect("dbi:SQLite:dbname=$db", '', '', { RaiseError => 1, ReadOnly => 1 });

my $in = join ',', ('?') x @queues;
my $where = "t.Type = 'ticket' AND t.id = t.EffectiveId AND t.Status != 'deleted' AND t.Created >= ? AND t.Created < ?"
  . " AND t.Queue IN (SELECT id FROM Queues WHERE Name IN ($in))";
my @bind = ($from, $to, @queues);

my %out = (total => 0, status => {}, state => { open => 0, closed => 0 });
my $rows = $dbh->selectall_arrayref("SELECT t.Status, COUNT(*) FROM Tickets t WHERE $where GROUP BY t.Status", undef, @bind);
for my $r (@$rows) {
  my ($status, $n) = @$r;
  $out{status}{$status} = $n + 0;
  $out{total} += $n;
  $out{state}{ ($status =~ /^(new|open|stalled)$/) ? 'open' : 'closed' } += $n;
}
for my $field (qw(Service Region Severity)) {
  my $sql = "SELECT COALESCE(v.Content, ''), COUNT(*) FROM Tickets t LEFT JOIN ObjectCustomFieldValues v"
    . " ON v.ObjectType = 'RT::Ticket' AND v.ObjectId = t.id AND v.Disabled = 0"
    . " AND v.CustomField = (SELECT id FROM CustomFields WHERE Name = ? AND LookupType = 'RT::Queue-RT::Ticket' AND Disabled = 0)"
    . " WHERE $where GROUP BY 1";
  my %by = map { $_->[0] => $_->[1] + 0 } @{ $dbh->selectall_arrayref($sql, undef, $field, @bind) };
  $out{lc $field} = \%by;
}
print JSON::PP->new->canonical->encode(\%out), "\n";
