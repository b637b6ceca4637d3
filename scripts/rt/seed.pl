#!/usr/bin/perl
# Seeds backdated tickets in bulk through RT's own Perl API (one process, RT::Ticket->Create with Created,
# LastUpdated, Status and Resolved set), until queues Ops and Support hold SEED_COUNT tickets whose subject
# starts with "[seed]" opened in the last SEED_DAYS days (so a machine that keeps RT for weeks still has a
# full window). Deterministic (its own PRNG): the same count gives the same tickets.
# Env: SEED_COUNT (default 300), SEED_DAYS (default 7: tickets opened over the last 7 days).
use strict;
use warnings;
use lib '/usr/share/request-tracker5/lib';
use RT;
use POSIX qw(strftime floor);
RT::LoadConfig();
RT::Init();

my $want = $ENV{SEED_COUNT} // 300;
my $days = $ENV{SEED_DAYS} // 7;
my $system = RT->SystemUser;

my $have = RT::Tickets->new($system);
my $window = $days * 86400 - 120; # two minutes inside the window, so the tests' windows hold every one counted
$have->FromSQL("(Queue = 'Ops' OR Queue = 'Support') AND Subject LIKE '[seed]' AND Created > 'now - $window seconds'");
my $n0 = $have->CountAll;
if ($n0 >= $want) { print "already $n0 seeded tickets opened in the last $days days (>= $want)\n"; exit 0; }

my %cf;
for my $name (qw(Service Region Severity)) {
  my $f = RT::CustomField->new($system);
  $f->LoadByName(Name => $name, LookupType => RT::Ticket->CustomFieldLookupType);
  die "custom field $name is missing: run configure.pl first\n" unless $f->id;
  $cf{$name} = $f->id;
}

my $seed = 20261201 + $n0; # a resumed seeding continues with other numbers
sub rnd { $seed = ($seed * 1103515245 + 12345) % 2147483648; return $seed / 2147483648; }
sub pick { my @a = @_; return $a[floor(rnd() * @a)]; }

my @services = qw(checkout checkout payments search auth inventory notifications api-gateway web web);
my @regions = qw(EMEA EMEA AMER AMER APAC);
my @titles = ('Checkout times out', 'Payment declined for valid card', 'Search returns nothing', 'Login loops',
  'Stock count wrong', 'Emails not sent', 'Gateway 502s', 'Page loads slowly', 'Refund stuck', 'Password reset broken');
my $now = time;
my $sql = sub { strftime('%Y-%m-%d %H:%M:%S', gmtime shift) };
my $t0 = time;
# One database transaction for all: SQLite syncs once instead of once per ticket (~10x faster).
$RT::Handle->BeginTransaction;
for my $i ($n0 + 1 .. $want) {
  my $created = $now - floor(rnd() * $window) - 60;
  my $sev = pick('SEV1', 'SEV2', 'SEV2', 'SEV3', 'SEV3', 'SEV3', 'SEV4', 'SEV4', '');
  my $priority = { SEV1 => 100, SEV2 => 100, SEV3 => 50, SEV4 => 0, '' => 50 }->{$sev};
  my $queue = rnd() < 0.8 ? 'Ops' : 'Support';
  my $r = rnd();
  my ($status, $resolved) = ('new', undef);
  if ($r < 0.45) { $status = 'resolved' } elsif ($r < 0.55) { $status = 'rejected' }
  elsif ($r < 0.8) { $status = 'open' } elsif ($r < 0.9) { $status = 'stalled' }
  my $updated = $created + floor(rnd() * 6 * 3600);
  $updated = $now - 30 if $updated > $now - 30;
  $resolved = $updated if $status eq 'resolved' || $status eq 'rejected';
  my $service = rnd() < 0.03 ? '' : pick(@services);
  my $region = rnd() < 0.07 ? '' : pick(@regions);
  my $t = RT::Ticket->new($system);
  my ($id, undef, $msg) = $t->Create(
    Queue => $queue,
    Subject => "[seed] " . pick(@titles) . " #$i",
    Priority => $priority,
    # RT refuses to create a ticket as rejected or stalled: it is created open and given its status below.
    Status => ($status eq 'rejected' || $status eq 'stalled') ? 'open' : $status,
    Created => $sql->($created),
    LastUpdated => $sql->($updated),
    ($resolved ? (Resolved => $sql->($resolved)) : ()),
    ($service ne '' ? ("CustomField-$cf{Service}" => $service) : ()),
    ($region ne '' ? ("CustomField-$cf{Region}" => $region) : ()),
    ($sev ne '' ? ("CustomField-$cf{Severity}" => $sev) : ()),
    _RecordTransaction => 0,
  );
  die "ticket $i: $msg\n" unless $id;
  # Create stamps LastUpdated when it adds the custom field values: put the backdated one back.
  $t->__Set(Field => 'Status', Value => $status) if $t->Status ne $status;
  $t->__Set(Field => 'LastUpdated', Value => $sql->($updated));
}
$RT::Handle->Commit;
my $made = $want - $n0;
printf "seeded %d tickets in %d s (%d opened in the last %d days)\n", $made, time - $t0, $want, $days;
