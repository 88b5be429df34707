#include "app/cli/cli_job.h"

#include <cstdio>
#include <new>

#include "core/util/error.h"

namespace qb::cli {

CliJob::CliJob(std::string subject, std::string output)
    : subject_(std::move(subject)), output_(std::move(output)), onInterrupt_(cancel_) {
    job_.cancel = &cancel_;
    job_.progress = [this](double f, std::string_view stage) {
        const int decile = int(f * 10);
        if (decile == lastDecile_ && !stage.starts_with("layer ") && !stage.starts_with("resuming") &&
            !stage.starts_with("journal"))
            return;
        lastDecile_ = decile;
        std::fprintf(stderr, "%.*s\n", int(stage.size()), stage.data());
    };
}

int CliJob::run(const std::function<int()>& body) {
    try {
        return body();
    } catch (const Cancelled&) {
        std::fprintf(stderr, "error: %s: cancelled%s\n", (output_.empty() ? subject_ : output_).c_str(),
                     output_.empty() ? "" : ", nothing written");
        return 130;
    } catch (const Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "error: %s: out of memory\n", subject_.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s: %s\n", subject_.c_str(), e.what());
    }
    return 1;
}

} // namespace qb::cli
