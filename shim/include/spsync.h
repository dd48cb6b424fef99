/*
 * spsync.h - the Interlocked operations and memory barriers of x64 Windows
 * kernel code, for miniports built against the ScsiPort shim.
 *
 * On x64 these are compiler intrinsics, not imports: a miniport built as
 * Windows code (SP_ABI=windows, clang for the Microsoft target) gets the
 * compiler's own _Interlocked* intrinsics, declared here as a Windows
 * header declares them; one built as Linux code gets the same names as
 * inline functions over the compiler's __atomic operations.  Either way
 * the code is a locked instruction in the miniport, and nothing is
 * imported.
 *
 * Every Interlocked operation is a full barrier, as on x64 Windows; the
 * Acquire, Release and NoFence forms are the same operation (stronger
 * than asked for is correct).  The plain names are macros over the
 * underscored intrinsics, as in Windows' headers.
 */
#ifndef SCSIPORT_SHIM_SPSYNC_H
#define SCSIPORT_SHIM_SPSYNC_H

#include "sptypes.h"

#if defined(_MSC_VER)
/* The Microsoft compiler's intrinsics: clang knows them once declared. */
long _InterlockedIncrement(long volatile *Addend);
long _InterlockedDecrement(long volatile *Addend);
long _InterlockedExchange(long volatile *Target, long Value);
long _InterlockedExchangeAdd(long volatile *Addend, long Value);
long _InterlockedCompareExchange(long volatile *Destination, long Exchange,
				 long Comparand);
long _InterlockedAnd(long volatile *Destination, long Value);
long _InterlockedOr(long volatile *Destination, long Value);
long _InterlockedXor(long volatile *Destination, long Value);
short _InterlockedIncrement16(short volatile *Addend);
short _InterlockedDecrement16(short volatile *Addend);
short _InterlockedCompareExchange16(short volatile *Destination,
				    short Exchange, short Comparand);
__int64 _InterlockedIncrement64(__int64 volatile *Addend);
__int64 _InterlockedDecrement64(__int64 volatile *Addend);
__int64 _InterlockedExchange64(__int64 volatile *Target, __int64 Value);
__int64 _InterlockedExchangeAdd64(__int64 volatile *Addend, __int64 Value);
__int64 _InterlockedCompareExchange64(__int64 volatile *Destination,
				      __int64 Exchange, __int64 Comparand);
__int64 _InterlockedAnd64(__int64 volatile *Destination, __int64 Value);
__int64 _InterlockedOr64(__int64 volatile *Destination, __int64 Value);
__int64 _InterlockedXor64(__int64 volatile *Destination, __int64 Value);
void *_InterlockedExchangePointer(void *volatile *Target, void *Value);
void *_InterlockedCompareExchangePointer(void *volatile *Destination,
					 void *Exchange, void *Comparand);
void _ReadWriteBarrier(void);
void __faststorefence(void);
void _mm_pause(void);

#define SP_IL_INLINE
#else
/*
 * Linux code: the same intrinsics over __atomic.  LONG is 32 bits here as
 * there; the 64-bit forms take LONG64.
 */
#define SP_IL_INLINE	static inline __attribute__((__always_inline__))

#define SP_IL_RMW(name, type, op)					\
SP_IL_INLINE type name(type volatile *Destination, type Value)		\
{									\
	return __atomic_##op(Destination, Value, __ATOMIC_SEQ_CST);	\
}
#define SP_IL_CMPXCHG(name, type)					\
SP_IL_INLINE type name(type volatile *Destination, type Exchange,	\
		       type Comparand)					\
{									\
	__atomic_compare_exchange_n(Destination, &Comparand, Exchange,	\
				    0, __ATOMIC_SEQ_CST,		\
				    __ATOMIC_SEQ_CST);			\
	return Comparand;						\
}
#define SP_IL_STEP(name, type, op)					\
SP_IL_INLINE type name(type volatile *Addend)				\
{									\
	return __atomic_##op(Addend, 1, __ATOMIC_SEQ_CST);		\
}

SP_IL_STEP(_InterlockedIncrement, LONG, add_fetch)
SP_IL_STEP(_InterlockedDecrement, LONG, sub_fetch)
SP_IL_RMW(_InterlockedExchange, LONG, exchange_n)
SP_IL_RMW(_InterlockedExchangeAdd, LONG, fetch_add)
SP_IL_CMPXCHG(_InterlockedCompareExchange, LONG)
SP_IL_RMW(_InterlockedAnd, LONG, fetch_and)
SP_IL_RMW(_InterlockedOr, LONG, fetch_or)
SP_IL_RMW(_InterlockedXor, LONG, fetch_xor)
SP_IL_STEP(_InterlockedIncrement16, SHORT, add_fetch)
SP_IL_STEP(_InterlockedDecrement16, SHORT, sub_fetch)
SP_IL_CMPXCHG(_InterlockedCompareExchange16, SHORT)
SP_IL_STEP(_InterlockedIncrement64, LONG64, add_fetch)
SP_IL_STEP(_InterlockedDecrement64, LONG64, sub_fetch)
SP_IL_RMW(_InterlockedExchange64, LONG64, exchange_n)
SP_IL_RMW(_InterlockedExchangeAdd64, LONG64, fetch_add)
SP_IL_CMPXCHG(_InterlockedCompareExchange64, LONG64)
SP_IL_RMW(_InterlockedAnd64, LONG64, fetch_and)
SP_IL_RMW(_InterlockedOr64, LONG64, fetch_or)
SP_IL_RMW(_InterlockedXor64, LONG64, fetch_xor)
SP_IL_RMW(_InterlockedExchangePointer, PVOID, exchange_n)
SP_IL_CMPXCHG(_InterlockedCompareExchangePointer, PVOID)

#undef SP_IL_RMW
#undef SP_IL_CMPXCHG
#undef SP_IL_STEP

SP_IL_INLINE void _ReadWriteBarrier(void)
{
	__asm__ __volatile__("" : : : "memory");
}

SP_IL_INLINE void __faststorefence(void)
{
	__asm__ __volatile__("lock orl $0, (%%rsp)" : : : "memory", "cc");
}

SP_IL_INLINE void _mm_pause(void)
{
	__asm__ __volatile__("pause" : : : "memory");
}
#endif

#undef SP_IL_INLINE

#define InterlockedIncrement		_InterlockedIncrement
#define InterlockedDecrement		_InterlockedDecrement
#define InterlockedExchange		_InterlockedExchange
#define InterlockedExchangeAdd		_InterlockedExchangeAdd
#define InterlockedCompareExchange	_InterlockedCompareExchange
#define InterlockedAnd			_InterlockedAnd
#define InterlockedOr			_InterlockedOr
#define InterlockedXor			_InterlockedXor
#define InterlockedIncrement16		_InterlockedIncrement16
#define InterlockedDecrement16		_InterlockedDecrement16
#define InterlockedCompareExchange16	_InterlockedCompareExchange16
#define InterlockedIncrement64		_InterlockedIncrement64
#define InterlockedDecrement64		_InterlockedDecrement64
#define InterlockedExchange64		_InterlockedExchange64
#define InterlockedExchangeAdd64	_InterlockedExchangeAdd64
#define InterlockedCompareExchange64	_InterlockedCompareExchange64
#define InterlockedAnd64		_InterlockedAnd64
#define InterlockedOr64			_InterlockedOr64
#define InterlockedXor64		_InterlockedXor64
#define InterlockedExchangePointer	_InterlockedExchangePointer
#define InterlockedCompareExchangePointer _InterlockedCompareExchangePointer

/* InterlockedAdd returns the new value, InterlockedExchangeAdd the old. */
#define InterlockedAdd(a, v)	(InterlockedExchangeAdd((a), (v)) + (v))
#define InterlockedAdd64(a, v)	(InterlockedExchangeAdd64((a), (v)) + (v))

/* The ordered forms: the full barrier of the plain one. */
#define InterlockedIncrementAcquire		InterlockedIncrement
#define InterlockedIncrementRelease		InterlockedIncrement
#define InterlockedIncrementNoFence		InterlockedIncrement
#define InterlockedDecrementAcquire		InterlockedDecrement
#define InterlockedDecrementRelease		InterlockedDecrement
#define InterlockedDecrementNoFence		InterlockedDecrement
#define InterlockedCompareExchangeAcquire	InterlockedCompareExchange
#define InterlockedCompareExchangeRelease	InterlockedCompareExchange
#define InterlockedCompareExchangeNoFence	InterlockedCompareExchange
#define InterlockedExchangeAcquire		InterlockedExchange
#define InterlockedExchangeNoFence		InterlockedExchange
#define InterlockedOrAcquire			InterlockedOr
#define InterlockedOrRelease			InterlockedOr
#define InterlockedOrNoFence			InterlockedOr
#define InterlockedAndAcquire			InterlockedAnd
#define InterlockedAndRelease			InterlockedAnd
#define InterlockedAndNoFence			InterlockedAnd

/*
 * Barriers.  x64 orders loads with loads and stores with stores, so a
 * compiler barrier is all KeMemoryBarrierWithoutFence needs; MemoryBarrier
 * also orders a store before a later load (a locked instruction, as on
 * x64 Windows).
 */
#define MemoryBarrier()			__faststorefence()
#define KeMemoryBarrier()		MemoryBarrier()
#define KeMemoryBarrierWithoutFence()	_ReadWriteBarrier()
#define _ReadBarrier()			_ReadWriteBarrier()
#define _WriteBarrier()			_ReadWriteBarrier()
#define YieldProcessor()		_mm_pause()

#endif /* SCSIPORT_SHIM_SPSYNC_H */
