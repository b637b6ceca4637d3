#!/usr/bin/perl
# Configures RT for Spacetime's tests through RT's own Perl API: queues Ops and Support, the custom fields
# Service, Region and Severity (select one value) on both, a privileged (not superuser) API user with
# queue rights, and an auth token for it. Idempotent: what exists is kept; a token is created only when
# $RT_TOKEN_FILE holds none that RT still accepts.
# Env: RT_TOKEN_FILE (where the token is written), RT_USER (default spacetime).
use strict;
use warnings;
use lib '/usr/share/request-tracker5/lib';
use RT;
RT::LoadConfig();
RT::Init();

my $system = RT->SystemUser;
my $user_name = $ENV{RT_USER} || 'spacetime';
my $token_file = $ENV{RT_TOKEN_FILE} or die "RT_TOKEN_FILE is not set\n";

sub ok { my ($what, $ok, $msg) = @_; die "$what: $msg\n" unless $ok; }

my %queues;
for my $name (qw(Ops Support)) {
  my $q = RT::Queue->new($system);
  $q->Load($name);
  unless ($q->id) {
    my ($id, $msg) = $q->Create(Name => $name, Description => "Spacetime test queue $name");
    ok("queue $name", $id, $msg);
  }
  $queues{$name} = $q;
}

my $u = RT::User->new($system);
$u->Load($user_name);
unless ($u->id) {
  my ($id, $msg) = $u->Create(Name => $user_name, RealName => 'Spacetime', EmailAddress => "$user_name\@example.com",
    Privileged => 1, Timezone => 'UTC');
  ok("user $user_name", $id, $msg);
}
my $u_for_cf = $u;

my %fields = (
  Service  => [qw(checkout payments search auth inventory notifications api-gateway web)],
  Region   => [qw(EMEA AMER APAC)],
  # Most severe first, as RT lists the values (the connector reads this order).
  Severity => ['SEV1', 'SEV2', 'SEV3', 'SEV4'],
);
for my $name (qw(Service Region Severity)) {
  my $cf = RT::CustomField->new($system);
  $cf->LoadByName(Name => $name, LookupType => RT::Ticket->CustomFieldLookupType);
  unless ($cf->id) {
    my ($id, $msg) = $cf->Create(Name => $name, Type => 'Select', MaxValues => 1,
      LookupType => RT::Ticket->CustomFieldLookupType, Description => "Spacetime $name");
    ok("custom field $name", $id, $msg);
  }
  my %have = map { $_->Name => 1 } @{ $cf->Values->ItemsArrayRef };
  my $order = 0;
  for my $v (@{ $fields{$name} }) {
    $order++;
    next if $have{$v};
    my ($id, $msg) = $cf->AddValue(Name => $v, SortOrder => $order);
    ok("value $v of $name", $id, $msg);
  }
  # REST2 shows a field's definition (whether it takes several values) only with SeeCustomField on the field.
  unless ($u_for_cf->PrincipalObj->HasRight(Right => 'SeeCustomField', Object => $cf)) {
    my ($id, $msg) = $u_for_cf->PrincipalObj->GrantRight(Right => 'SeeCustomField', Object => $cf);
    ok("right SeeCustomField on $name", $id, $msg);
  }
  for my $q (values %queues) {
    next if $cf->IsAdded($q->id);
    my ($id, $msg) = $cf->AddToObject($q);
    ok("custom field $name on queue " . $q->Name, $id, $msg);
  }
}

# What the datasource needs (see and list tickets and their custom fields) and what the tests do with it
# (create, edit, resolve, reopen and delete tickets).
my @rights = qw(SeeQueue ShowTicket SeeCustomField CreateTicket ModifyTicket DeleteTicket ModifyCustomField
  ReplyToTicket CommentOnTicket OwnTicket);
for my $q (values %queues) {
  for my $right (@rights) {
    next if $u->PrincipalObj->HasRight(Right => $right, Object => $q);
    my ($id, $msg) = $u->PrincipalObj->GrantRight(Right => $right, Object => $q);
    ok("right $right on " . $q->Name, $id, $msg);
  }
}
unless ($u->PrincipalObj->HasRight(Right => 'ManageAuthTokens', Object => RT->System)) {
  my ($id, $msg) = $u->PrincipalObj->GrantRight(Right => 'ManageAuthTokens', Object => RT->System);
  ok('right ManageAuthTokens', $id, $msg);
}

# Keep a token RT still accepts; otherwise make one.
my $current = '';
if (open my $fh, '<', $token_file) { $current = <$fh> // ''; chomp $current; close $fh; }
my $valid = 0;
if ($current =~ /^\d+-\d+-/) {
  my $t = RT::AuthToken->new($system);
  my ($owner) = $current =~ /^\d+-(\d+)-/;
  my $tokens = RT::AuthTokens->new($system);
  $tokens->LimitOwner(VALUE => $owner);
  while (my $tok = $tokens->Next) { $valid = 1 if $tok->IsToken(( $current =~ /^\d+-\d+-(.*)$/ )[0]); }
  $valid = 0 unless $owner == $u->id;
}
unless ($valid) {
  my $t = RT::AuthToken->new(RT::CurrentUser->new($u));
  my ($id, $msg, $auth) = $t->Create(Owner => $u->id, Description => 'Spacetime tests');
  ok('auth token', $id, $msg);
  open my $fh, '>', $token_file or die "cannot write $token_file: $!\n";
  print $fh "$auth\n";
  close $fh;
  chmod 0600, $token_file;
  print "created an auth token for $user_name\n";
}
printf "queues %s; custom fields Service, Region, Severity; user %s (id %d)\n",
  join(', ', map { "$_=" . $queues{$_}->id } sort keys %queues), $user_name, $u->id;
