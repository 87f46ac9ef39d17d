using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Application.Identity;
using Tandem.Domain.Workspaces;

namespace Tandem.Application.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<TandemUser>
{
    public void Configure(EntityTypeBuilder<TandemUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(TandemUser.DisplayNameMaxLength).IsRequired();
        builder.HasIndex(u => u.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(u => u.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}
