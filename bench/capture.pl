#!/usr/bin/perl
# Turns the statements the server sent to PostgreSQL for one API request (captured with
# log_statement=all between two marker statements) into a pgbench script.
#
#   capture.pl LOGFILE BEGIN_MARK END_MARK OP SESSION_ID [IDEMPOTENCY_KEY] > op.pgbench
#
# Only connections of the JDBC driver are read; transactions of the server's background jobs
# (webhook delivery poller, expiry sweep, idempotency purge) that happen to run meanwhile are
# dropped. Each statement gets its captured parameter values inlined; the values that must
# differ per request are replaced by pgbench variables:
#   create            session id, client secret, event/delivery ids, idempotency key -> ... || :r
#   retrieve, cancel  the session id -> 'vks_bench' || :k (sessions prepared by run.sh)
# Colons before a letter inside literals (JSON ":null") get a space so pgbench does not read
# them as variables.
use strict;
use warnings;

my ($log, $begin, $end, $op, $sid, $idem) = @ARGV;
die "usage: capture.pl LOG BEGIN END OP SESSION_ID [IDEMPOTENCY_KEY]\n" unless defined $sid;

open(my $fh, '<', $log) or die "$log: $!";
my @records;    # [pid, app, kind, text]
my $in = 0;
my $cur;
while (my $line = <$fh>) {
	chomp $line;
	if ($line =~ /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[(\d+)\] (.*?)\s*(LOG|DETAIL|ERROR|STATEMENT|HINT|WARNING):  (.*)$/) {
		my ($pid, $app, $kind, $text) = ($1, $2, $3, $4);
		if (!$in) {
			$in = 1 if $text =~ /\Q$begin\E/;
			next;
		}
		last if $text =~ /\Q$end\E/;
		$cur = [$pid, $app, $kind, $text];
		push @records, $cur;
	}
	elsif ($in && $cur) {
		$cur->[3] .= "\n" . $line;    # continuation of a multi-line statement
	}
}
close $fh;

# Statements per backend, each with its parameters.
my %stmts;      # pid -> [ {sql, params} ]
for my $r (@records) {
	my ($pid, $app, $kind, $text) = @$r;
	next unless $app =~ /JDBC/;
	if ($kind eq 'LOG' && $text =~ /^(?:statement|execute [^:]*): (.*)$/s) {
		my $sql = $1;
		$sql =~ s/\s+$//;
		next if $sql eq '';    # the pool's connection check
		push @{ $stmts{$pid} }, { sql => $sql, params => {} };
	}
	elsif ($kind eq 'DETAIL' && $text =~ /^parameters: (.*)$/s && @{ $stmts{$pid} || [] }) {
		my $p = $1;
		while ($p =~ /\$(\d+) = ('(?:[^']|'')*'|NULL)/gs) {
			$stmts{$pid}[-1]{params}{$1} = $2;
		}
	}
	elsif ($kind eq 'ERROR') {
		die "capture: the server's statement failed during the capture: $text\n";
	}
}

# Group into transactions and drop the background jobs'.
my $background = qr/UPDATE webhook_delivery d|FOR UPDATE SKIP LOCKED|DELETE FROM idempotency_key WHERE created_at|FROM webhook_delivery|expires_at <=/;
my @txns;
for my $pid (sort { $a <=> $b } keys %stmts) {
	my @t;
	for my $s (@{ $stmts{$pid} }) {
		push @t, $s;
		if ($s->{sql} =~ /^(COMMIT|ROLLBACK)$/i) {
			push @txns, [@t] unless grep { $_->{sql} =~ $background } @t;
			@t = ();
		}
	}
	# A transaction still open at the end marker belongs to a background job (the
	# request's own have committed by then): it cannot be replayed, so it is left out.
	push @txns, [@t] if @t && $t[0]{sql} !~ /^BEGIN$/i && !grep { $_->{sql} =~ $background } @t;
}
die "capture: no statements of the server found between the markers\n" unless @txns;

# Values that must be unique per request, mapped to pgbench expressions.
my %token;
my $n = 0;
my $unique = sub {
	my ($lit) = @_;    # a quoted literal
	my $v = substr($lit, 1, -1);
	if ($op eq 'create') {
		if (index($v, $sid) == 0) {
			my $rest = substr($v, length $sid);
			return "('vks_' || :r" . ($rest ne '' ? " || '$rest'" : '') . ")";
		}
		return $token{$v} //= "('" . $1 . "_' || :r || '" . chr(97 + $n++) . "')" if $v =~ /^(evt|whd|vr)_[0-9A-Za-z]{10,}$/;
		return "('bench-' || :r)" if defined $idem && $v eq $idem;
	}
	elsif ($op eq 'retrieve' || $op eq 'cancel') {
		if ($v eq $sid) {
			return "('vks_bench' || :k)";
		}
		return "('" . $1 . "_' || :k || '" . chr(97 + $n++) . "')" if $v =~ /^(evt|whd|vr)_[0-9A-Za-z]{10,}$/;
	}
	return undef;
};

print "-- SQL captured from the Stile server for one '$op' request (log_statement=all), values inlined.\n";
if ($op eq 'create') {
	print "\\set r random(1, 9000000000000000000)\n";
}
elsif ($op eq 'retrieve') {
	print "\\set k 100000000000000000 + random(:base, :base + :count - 1)\n";
}
elsif ($op eq 'cancel') {
	print "\\set k 100000000000000000 + :base + :n * :nclients + :client_id\n";
	print "\\set n :n + 1\n";
}
my $count = 0;
for my $t (@txns) {
	for my $s (@$t) {
		my $sql = $s->{sql};
		my $p = $s->{params};
		$sql =~ s/\$(\d+)/exists $p->{$1} ? $p->{$1} : die "capture: no value for \$$1 in: $sql\n"/ge;
		# Per-request values, then colons pgbench would take for variables.
		my $out = '';
		while ($sql =~ /\G(.*?)('(?:[^']|'')*')/gcs) {
			my ($before, $lit) = ($1, $2);
			my $rep = $unique->($lit);
			if (!defined $rep) {
				$rep = $lit;
				$rep =~ s/:(?=[A-Za-z_])/: /g;
			}
			$out .= $before . $rep;
		}
		$out .= substr($sql, pos($sql) // 0);
		$out =~ s/\s+\n/\n/g;
		print "$out;\n";
		$count++;
	}
}
print STDERR "capture: $op: " . scalar(@txns) . " transactions, $count statements\n";
