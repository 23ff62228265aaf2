// CommitSignal: tells the event streams of one I/O thread that the log has grown, so that an idle stream
// sleeps on a timer instead of polling the disk. The ledger's writer thread calls commit_landed() after each
// commit (Ledger::set_commit_listener); the news is posted to the I/O thread, which cancels the wait of every
// registered stream. A woken stream reads the log again; a wake-up that finds nothing new costs one short read.
//
// Thread contract: commit_landed() from any thread; everything else on the I/O thread only. The I/O context
// must outlive the signal; handlers posted by commit_landed() must not run after the signal is destroyed (the
// server clears the ledger's listener first, and its I/O loop has returned by then).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstddef>
#include <list>

namespace jifen::server {

class CommitSignal {
 public:
  // One stream's wait: registered for as long as it lives. The stream waits on `timer` (its deadline is
  // the stream's own next heartbeat or poll); a commit or stop() cancels the wait.
  class Waiter {
   public:
    explicit Waiter(CommitSignal& signal)
        : signal_(signal), timer_(signal.io_), entry_(signal.waiters_.insert(signal.waiters_.end(), &timer_)) {}
    ~Waiter() { signal_.waiters_.erase(entry_); }
    Waiter(const Waiter&) = delete;
    Waiter& operator=(const Waiter&) = delete;
    boost::asio::steady_timer& timer() { return timer_; }

   private:
    CommitSignal& signal_;
    boost::asio::steady_timer timer_;  // declared before entry_, which points at it
    std::list<boost::asio::steady_timer*>::iterator entry_;
  };

  explicit CommitSignal(boost::asio::io_context& io) : io_(io) {}
  CommitSignal(const CommitSignal&) = delete;
  CommitSignal& operator=(const CommitSignal&) = delete;

  // Any thread: never blocks.
  void commit_landed() {
    boost::asio::post(io_, [this] { wake_all(); });
  }

  std::size_t streams() const { return waiters_.size(); }
  bool stopped() const { return stopped_; }
  // Shutdown: every stream wakes and sees stopped().
  void stop() {
    stopped_ = true;
    wake_all();
  }

 private:
  void wake_all() {
    for (boost::asio::steady_timer* timer : waiters_) timer->cancel();
  }

  boost::asio::io_context& io_;
  std::list<boost::asio::steady_timer*> waiters_;
  bool stopped_ = false;
};

}  // namespace jifen::server
