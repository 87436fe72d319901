/*
 * stacks_cpp.cc - system calls made by C++ methods, for the demangling
 * tests (tests/e2e/t_stacks_inline.sh).  Built with frame pointers and
 * debug info (examples/module.mk).  Every run makes, besides the startup
 * and exit calls of any program:
 *
 *   main -> app::Cache::reload(int) -> syscall()        getppid  600 calls
 *   main -> app::Store<long>::flush() -> syscall()      getpid   250 calls
 *
 * whose mangled names are _ZN3app5Cache6reloadEi and
 * _ZN3app5StoreIlE5flushEv.
 */
#include <sys/syscall.h>
#include <unistd.h>

#define BARRIER() __asm__ volatile("" ::: "memory")

namespace app {

class Cache {
public:
	__attribute__((noinline)) long reload(int n);
};

long Cache::reload(int n)
{
	long sum = 0;
	for (int i = 0; i < n; i++)
		sum += syscall(SYS_getppid);
	BARRIER();
	return sum;
}

template <typename T> struct Store {
	T total = 0;
	__attribute__((noinline)) T flush()
	{
		for (int i = 0; i < 250; i++)
			total += syscall(SYS_getpid);
		BARRIER();
		return total;
	}
};

} // namespace app

int main()
{
	app::Cache c;
	app::Store<long> s;
	long r = c.reload(600);
	r += s.flush();
	BARRIER();
	return r == 0; /* never: the pids are not 0 */
}
