#pragma once

#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace surgesim::engine {

template <class Signature>
class Callback;

/// A move-only callable with inline storage for small closures, so scheduling the typical event (a
/// lambda capturing a few pointers) never allocates. Larger closures go to the heap.
template <class R, class... Args>
class Callback<R(Args...)> {
 public:
  static constexpr std::size_t kInlineBytes = 40;

  Callback() noexcept = default;

  template <class F, class D = std::decay_t<F>,
            class = std::enable_if_t<!std::is_same_v<D, Callback> &&
                                     std::is_invocable_r_v<R, D&, Args...>>>
  Callback(F&& f) {  // NOLINT(google-explicit-constructor): lambdas convert implicitly, by design
    emplace(std::forward<F>(f));
  }

  Callback(Callback&& other) noexcept { take(other); }
  Callback& operator=(Callback&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  Callback(const Callback&) = delete;
  Callback& operator=(const Callback&) = delete;
  ~Callback() { reset(); }

  /// Replaces the target with `f`, built in place (no intermediate Callback).
  template <class F, class D = std::decay_t<F>>
  void emplace(F&& f) {
    reset();
    if constexpr (fits_inline<D>()) {
      ::new (static_cast<void*>(buf_)) D(std::forward<F>(f));
      ops_ = &inline_ops<D>;
    } else {
      ::new (static_cast<void*>(buf_)) D*(new D(std::forward<F>(f)));
      ops_ = &heap_ops<D>;
    }
  }

  explicit operator bool() const noexcept { return ops_ != nullptr; }
  R operator()(Args... args) { return ops_->invoke(buf_, std::forward<Args>(args)...); }

  void reset() noexcept {
    if (ops_ != nullptr) {
      if (ops_->destroy != nullptr) ops_->destroy(buf_);
      ops_ = nullptr;
    }
  }

 private:
  struct Ops {
    R (*invoke)(void*, Args...);
    void (*move)(void* dst, void* src) noexcept;  // nullptr: the bytes may be copied
    void (*destroy)(void*) noexcept;              // nullptr: nothing to do
    std::size_t size;                             // bytes to copy when move is nullptr
  };

  template <class D>
  static constexpr bool fits_inline() {
    return sizeof(D) <= kInlineBytes && alignof(D) <= alignof(std::max_align_t) &&
           std::is_nothrow_move_constructible_v<D>;
  }

  template <class D>
  static R invoke_inline(void* p, Args... args) {
    return (*static_cast<D*>(p))(std::forward<Args>(args)...);
  }
  template <class D>
  static R invoke_heap(void* p, Args... args) {
    return (**static_cast<D**>(p))(std::forward<Args>(args)...);
  }
  template <class D>
  static void move_inline(void* dst, void* src) noexcept {
    ::new (dst) D(std::move(*static_cast<D*>(src)));
    static_cast<D*>(src)->~D();
  }
  template <class D>
  static void destroy_inline(void* p) noexcept {
    static_cast<D*>(p)->~D();
  }
  template <class D>
  static void destroy_heap(void* p) noexcept {
    delete *static_cast<D**>(p);
  }

  template <class D>
  static constexpr Ops inline_ops = {
      &invoke_inline<D>, std::is_trivially_copyable_v<D> ? nullptr : &move_inline<D>,
      std::is_trivially_destructible_v<D> ? nullptr : &destroy_inline<D>,
      std::is_empty_v<D> ? 0 : sizeof(D),  // a captureless lambda has no bytes to copy
  };
  template <class D>
  static constexpr Ops heap_ops = {&invoke_heap<D>, nullptr, &destroy_heap<D>, sizeof(D*)};

  void take(Callback& other) noexcept {
    ops_ = other.ops_;
    if (ops_ != nullptr) {
      if (ops_->move != nullptr) {
        ops_->move(buf_, other.buf_);
      } else {
        std::memcpy(buf_, other.buf_, ops_->size);
      }
      other.ops_ = nullptr;
    }
  }

  alignas(std::max_align_t) unsigned char buf_[kInlineBytes];
  const Ops* ops_ = nullptr;
};

/// The work of one event, or any `void()` callback.
using Action = Callback<void()>;

}  // namespace surgesim::engine
