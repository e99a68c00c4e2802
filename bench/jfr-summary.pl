#!/usr/bin/perl
# Summarises `jfr print --events jdk.ExecutionSample` (stdin): where the server's CPU goes.
#   jfr-summary.pl OP REQUESTS
# Prints the share of samples by component (a sample counts for every component on its stack:
# inclusive), by the topmost component (exclusive), and the hottest methods (self).
use strict;
use warnings;

my ($op, $requests, $us_per_req) = @ARGV;
my @components = (
	[ 'PostgreSQL JDBC driver', qr/^org\.postgresql\./ ],
	[ 'HikariCP', qr/^com\.zaxxer\.hikari\./ ],
	[ 'Hibernate', qr/^org\.hibernate\./ ],
	[ 'Spring Data', qr/^org\.springframework\.data\./ ],
	[ 'Spring transactions', qr/^org\.springframework\.(transaction|orm|jdbc)\./ ],
	[ 'Jackson (JSON)', qr/^(tools\.jackson|com\.fasterxml\.jackson)\./ ],
	[ 'Spring Security', qr/^org\.springframework\.security\./ ],
	[ 'Spring MVC/Web', qr/^org\.springframework\.web\./ ],
	[ 'Tomcat', qr/^org\.apache\.(catalina|coyote|tomcat)\./ ],
	[ 'Logging', qr/^(ch\.qos\.logback|org\.slf4j|org\.apache\.logging)\./ ],
	[ 'Crypto (SHA-256, HMAC, random)', qr/^(sun\.security\.|java\.security\.|javax\.crypto\.|com\.sun\.crypto\.)/ ],
	[ 'Stile code', qr/^dev\.stile\./ ],
	[ 'Spring core/AOP/beans', qr/^org\.springframework\.(aop|beans|core|context|util)\./ ],
	[ 'Socket I/O (JDK)', qr/^(sun\.nio\.|java\.net\.|sun\.net\.|java\.io\.|java\.nio\.)/ ],
	[ 'JDK other', qr/^(java|javax|jdk|sun|com\.sun)\./ ],
);

# What the request was doing, by the innermost of these frames on the stack.
my @phases = (
	[ 'webhook event + deliveries (EventRecorder)', qr/^dev\.stile\.webhook\.EventRecorder\./ ],
	[ 'API key authentication (SHA-256 + SELECT)', qr/^dev\.stile\.apikey\.ApiKey(Service|AuthenticationProvider)\./ ],
	[ 'response JSON (Jackson write)', qr/writeWithMessageConverters|^tools\.jackson\.databind\.ObjectMapper\.writeValueAsString|JsonMapper\.writeValueAsString/ ],
	[ 'request JSON (Jackson read)', qr/readWithMessageConverters/ ],
	[ 'idempotency request hash', qr/^dev\.stile\.api\.Idempotency\.hash/ ],
	[ 'transaction commit (Hibernate flush + COMMIT)', qr/TransactionManager\.(doCommit|commit|processCommit)|commitTransactionAfterReturning/ ],
	[ 'transaction begin (+ connection from pool)', qr/TransactionManager\.(doBegin|getTransaction|startTransaction)|createTransactionIfNecessary/ ],
	[ 'transaction cleanup', qr/TransactionManager\.(cleanupAfterCompletion|doCleanupAfterCompletion)/ ],
	[ 'session view (SessionView.of)', qr/^dev\.stile\.session\.SessionView\./ ],
	[ 'session service (logic + its JPA queries)', qr/^dev\.stile\.session\.SessionService\./ ],
	[ 'idempotency key SQL (insert/update)', qr/^dev\.stile\.api\.Idempotency\./ ],
	[ 'Spring MVC dispatch (other)', qr/^org\.springframework\.web\.servlet\./ ],
	[ 'Spring Security filters (other)', qr/^org\.springframework\.security\./ ],
	[ 'servlet filters (request id, body limit, ...)', qr/^dev\.stile\.\w+\.\w*Filter\.|^org\.springframework\.web\.filter\./ ],
	[ 'Tomcat (HTTP parsing, socket I/O)', qr/^org\.apache\.(catalina|coyote|tomcat)\./ ],
);

my ($samples, %incl, %excl, %self, %thread, %phase, %phasecomp);
my (@stack, $inst, $tname);
while (<STDIN>) {
	if (/^jdk\.ExecutionSample/) { @stack = (); $inst = 0; $tname = ''; next; }
	if (/sampledThread = "([^"]*)"/) { $tname = $1; $tname =~ s/\d+/N/g; next; }
	if (/stackTrace = \[/) { $inst = 1; next; }
	if ($inst && /^\s*\]/) {
		$inst = 0;
		next unless @stack;
		$samples++;
		$thread{$tname}++;
		$self{ $stack[0] }++;
		my (%seen, $top, $ph);
		for my $f (@stack) {
			for my $c (@components) {
				if ($f =~ $c->[1]) {
					$seen{ $c->[0] } = 1;
					# JDK frames count for the nearest non-JDK caller.
					$top //= $c->[0] unless $c->[0] =~ /^JDK|^Socket/ && $f !~ /^(sun\.nio|java\.net|sun\.net|java\.security|sun\.security|javax\.crypto|com\.sun\.crypto)/;
					last;
				}
			}
			next if $ph;
			for my $p (@phases) {
				if ($f =~ $p->[1]) { $ph = $p->[0]; last; }
			}
		}
		$incl{$_}++ for keys %seen;
		$excl{ $top // 'JDK other' }++;
		$phase{ $ph // 'other (JIT, GC, background)' }++;
		$phasecomp{ $ph // 'other (JIT, GC, background)' }{ $top // 'JDK other' }++;
		next;
	}
	if ($inst && /^\s+(\S.*?)(?:\s+line:.*)?$/) {
		my $f = $1;
		next if $f eq '...';
		$f =~ s/\(.*\)$//;
		push @stack, $f;
	}
}
die "no samples\n" unless $samples;
printf "CPU profile of '%s' (JFR execution samples, settings=profile): %d samples, %s requests\n\n", $op, $samples, $requests // '?';
print "By component, inclusive (a sample counts for every component on its stack):\n";
printf "  %5.1f%%  %s\n", 100 * $incl{$_} / $samples, $_ for sort { $incl{$b} <=> $incl{$a} } keys %incl;
print "\nBy component, exclusive (JDK collections/strings counted for the library that called them):\n";
printf "  %5.1f%%  %s\n", 100 * $excl{$_} / $samples, $_ for sort { $excl{$b} <=> $excl{$a} } keys %excl;
print "\nBy request phase (the innermost of the phases on the stack)";
print $us_per_req ? "; µs = that share of the $us_per_req µs of server CPU per request measured without the profiler:\n" : ":\n";
for (sort { $phase{$b} <=> $phase{$a} } keys %phase) {
	my $share = $phase{$_} / $samples;
	printf "  %5.1f%%  %s  %s\n", 100 * $share, $us_per_req ? sprintf("%5.0f µs", $share * $us_per_req) : '', $_;
	my $pc = $phasecomp{$_};
	my @parts = grep { $pc->{$_} / $samples >= 0.005 } sort { $pc->{$b} <=> $pc->{$a} } keys %$pc;
	printf "             %s\n", join(', ', map { sprintf "%s %.1f%%", $_, 100 * $pc->{$_} / $samples } @parts) if @parts > 1;
}
print "\nBy thread:\n";
printf "  %5.1f%%  %s\n", 100 * $thread{$_} / $samples, $_ for grep { defined } (sort { $thread{$b} <=> $thread{$a} } keys %thread)[0 .. 7];
print "\nHottest methods (self):\n";
my @top = (sort { $self{$b} <=> $self{$a} } keys %self)[0 .. 29];
printf "  %5.1f%%  %s\n", 100 * $self{$_} / $samples, $_ for grep { defined } @top;
