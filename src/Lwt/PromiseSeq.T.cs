// PromiseSeq.T.cs: the type of Lwt's Lwt_seq, a lazy list whose every step is a promise.
//
// Lwt's 'a Lwt_seq.t is a function `unit -> 'a node Lwt.t`. A delegate is the same thing in C#,
// so the type is a delegate: a user writes a sequence as a lambda, exactly as in OCaml, and
// the combinators in PromiseSeq.cs are extension methods on it. Nothing is memoised: calling
// the delegate again recomputes the node, as in Lwt.

namespace Lwt;

/// <summary>
/// A lazy sequence whose steps are promises (Lwt's <c>'a Lwt_seq.t</c>): calling it starts
/// computing the first node and returns a promise of it. Traversing it twice computes it twice.
/// </summary>
/// <remarks>
/// The combinators are in <see cref="PromiseSeq"/>. A sequence may throw instead of returning a
/// rejected promise; every combinator turns the exception into a rejection, as Lwt's
/// <c>Lwt.apply</c> does. Canceling the promise of a node cancels what that node is waiting for.
/// </remarks>
/// <typeparam name="T">The type of the elements.</typeparam>
/// <returns>A promise of the first node: <see cref="PromiseSeqNode{T}.Nil"/> or a head and a tail.</returns>
public delegate Promise<PromiseSeqNode<T>> PromiseSeq<T>();
